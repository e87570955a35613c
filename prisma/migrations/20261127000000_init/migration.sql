-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "managementAccountId" TEXT NOT NULL,
    CONSTRAINT "Organization_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrgNode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" TEXT,
    CONSTRAINT "OrgNode_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrgNode_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "OrgNode" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrgPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "document" TEXT NOT NULL,
    CONSTRAINT "OrgPolicy_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrgPolicyAttachment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "policyId" TEXT NOT NULL,
    "nodeId" TEXT,
    "accountId" TEXT,
    CONSTRAINT "OrgPolicyAttachment_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "OrgPolicy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrgPolicyAttachment_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "OrgNode" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrgPolicyAttachment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "orgNodeId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Account_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Account_orgNodeId_fkey" FOREIGN KEY ("orgNodeId") REFERENCES "OrgNode" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "tags" TEXT NOT NULL DEFAULT '[]',
    "permissionsBoundaryArn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "User_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Group_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "userId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,

    PRIMARY KEY ("userId", "groupId"),
    CONSTRAINT "GroupMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupMembership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Role" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "description" TEXT NOT NULL DEFAULT '',
    "trustPolicy" TEXT NOT NULL,
    "maxSessionDuration" INTEGER NOT NULL DEFAULT 3600,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "permissionsBoundaryArn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Role_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InlinePolicy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "userId" TEXT,
    "groupId" TEXT,
    "roleId" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "InlinePolicy_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InlinePolicy_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InlinePolicy_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ManagedPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "description" TEXT NOT NULL DEFAULT '',
    "defaultVersionId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "ManagedPolicy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "policyId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("policyId", "versionId"),
    CONSTRAINT "PolicyVersion_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "ManagedPolicy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyAttachment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "policyArn" TEXT NOT NULL,
    "managedPolicyId" TEXT,
    "userId" TEXT,
    "groupId" TEXT,
    "roleId" TEXT,
    CONSTRAINT "PolicyAttachment_managedPolicyId_fkey" FOREIGN KEY ("managedPolicyId") REFERENCES "ManagedPolicy" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PolicyAttachment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PolicyAttachment_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PolicyAttachment_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InstanceProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "roleId" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "InstanceProfile_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InstanceProfile_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "availabilityZone" TEXT NOT NULL,
    "instanceType" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "privateIp" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "httpTokens" TEXT NOT NULL DEFAULT 'required',
    "httpEndpoint" TEXT NOT NULL DEFAULT 'enabled',
    "hopLimit" INTEGER NOT NULL DEFAULT 2,
    "launchedBy" TEXT NOT NULL,
    "launchedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Instance_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InstanceProfileAssociation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "instanceProfileId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "InstanceProfileAssociation_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InstanceProfileAssociation_instanceProfileId_fkey" FOREIGN KEY ("instanceProfileId") REFERENCES "InstanceProfile" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EcsCluster" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "containerInstanceProfileId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EcsCluster_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EcsCluster_containerInstanceProfileId_fkey" FOREIGN KEY ("containerInstanceProfileId") REFERENCES "InstanceProfile" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EcsTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "taskDefinition" TEXT NOT NULL,
    "taskRoleId" TEXT,
    "executionRoleId" TEXT,
    "lastStatus" TEXT NOT NULL,
    "launchType" TEXT NOT NULL DEFAULT 'EC2',
    "startedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "EcsTask_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "EcsCluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EcsTask_taskRoleId_fkey" FOREIGN KEY ("taskRoleId") REFERENCES "Role" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "EcsTask_executionRoleId_fkey" FOREIGN KEY ("executionRoleId") REFERENCES "Role" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Bucket" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "policy" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Bucket_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "accountId" TEXT,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "OrgPolicyAttachment_policyId_nodeId_accountId_key" ON "OrgPolicyAttachment"("policyId", "nodeId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "User_accountId_nameKey_key" ON "User"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Group_accountId_nameKey_key" ON "Group"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Role_accountId_nameKey_key" ON "Role"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_userId_name_key" ON "InlinePolicy"("userId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_groupId_name_key" ON "InlinePolicy"("groupId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_roleId_name_key" ON "InlinePolicy"("roleId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ManagedPolicy_accountId_nameKey_key" ON "ManagedPolicy"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyArn_userId_key" ON "PolicyAttachment"("policyArn", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyArn_groupId_key" ON "PolicyAttachment"("policyArn", "groupId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyArn_roleId_key" ON "PolicyAttachment"("policyArn", "roleId");

-- CreateIndex
CREATE UNIQUE INDEX "InstanceProfile_accountId_nameKey_key" ON "InstanceProfile"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "InstanceProfileAssociation_instanceId_state_idx" ON "InstanceProfileAssociation"("instanceId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "EcsCluster_accountId_region_name_key" ON "EcsCluster"("accountId", "region", "name");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_idx" ON "AuditEntry"("entityType", "entityId");

-- The audit log is append-only: no code path may rewrite or erase history.
CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END;
CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END;
