-- CreateIndex
CREATE INDEX "GroupMembership_groupId_idx" ON "GroupMembership"("groupId");

-- CreateIndex
CREATE INDEX "PolicyAttachment_roleId_idx" ON "PolicyAttachment"("roleId");

-- CreateIndex
CREATE INDEX "PolicyAttachment_userId_idx" ON "PolicyAttachment"("userId");

-- CreateIndex
CREATE INDEX "PolicyAttachment_groupId_idx" ON "PolicyAttachment"("groupId");

-- CreateIndex
CREATE INDEX "InstanceProfile_roleId_idx" ON "InstanceProfile"("roleId");

-- CreateIndex
CREATE INDEX "InstanceProfileAssociation_instanceProfileId_state_idx" ON "InstanceProfileAssociation"("instanceProfileId", "state");

-- CreateIndex
CREATE INDEX "EcsTask_taskRoleId_idx" ON "EcsTask"("taskRoleId");

-- CreateIndex
CREATE INDEX "EcsTask_executionRoleId_idx" ON "EcsTask"("executionRoleId");
