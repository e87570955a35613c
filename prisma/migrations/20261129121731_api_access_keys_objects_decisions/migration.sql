-- roleplay api: long-term access keys, S3 objects and the decision log.
-- CreateTable
CREATE TABLE "S3Object" (
    "bucketName" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL DEFAULT 'binary/octet-stream',
    "etag" TEXT NOT NULL,
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "headers" TEXT NOT NULL DEFAULT '{}',
    "lastModified" DATETIME NOT NULL,

    PRIMARY KEY ("bucketName", "key"),
    CONSTRAINT "S3Object_bucketName_fkey" FOREIGN KEY ("bucketName") REFERENCES "Bucket" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "accessKeyId" TEXT NOT NULL PRIMARY KEY,
    "secretAccessKey" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "lastUsedService" TEXT,
    "lastUsedRegion" TEXT,
    CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DecisionLogEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workspaceId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "requestId" TEXT NOT NULL,
    "caller" TEXT NOT NULL,
    "accessKeyId" TEXT,
    "accountId" TEXT,
    "service" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "deciding" TEXT,
    "status" INTEGER NOT NULL,
    "errorCode" TEXT,
    "sourceIp" TEXT,
    "explanation" TEXT NOT NULL,
    CONSTRAINT "DecisionLogEntry_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");

-- CreateIndex
CREATE INDEX "DecisionLogEntry_workspaceId_id_idx" ON "DecisionLogEntry"("workspaceId", "id");
