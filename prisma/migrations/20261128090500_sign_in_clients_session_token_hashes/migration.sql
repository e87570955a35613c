-- AlterTable
ALTER TABLE "SignInAttempt" ADD COLUMN "client" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RoleSession" (
    "accessKeyId" TEXT NOT NULL PRIMARY KEY,
    "secretAccessKey" TEXT NOT NULL,
    "sessionToken" TEXT,
    "sessionTokenHash" TEXT,
    "accountId" TEXT NOT NULL,
    "roleId" TEXT,
    "roleArn" TEXT NOT NULL,
    "sessionName" TEXT NOT NULL,
    "assumedRoleArn" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT,
    "sourcePrincipal" TEXT,
    "chained" BOOLEAN NOT NULL DEFAULT false,
    "sessionPolicy" TEXT,
    "issuedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME
);
INSERT INTO "new_RoleSession" ("accessKeyId", "accountId", "assumedRoleArn", "chained", "expiresAt", "issuedAt", "revokedAt", "roleArn", "roleId", "secretAccessKey", "sessionName", "sessionPolicy", "sessionToken", "source", "sourceId", "sourcePrincipal") SELECT "accessKeyId", "accountId", "assumedRoleArn", "chained", "expiresAt", "issuedAt", "revokedAt", "roleArn", "roleId", "secretAccessKey", "sessionName", "sessionPolicy", "sessionToken", "source", "sourceId", "sourcePrincipal" FROM "RoleSession";
DROP TABLE "RoleSession";
ALTER TABLE "new_RoleSession" RENAME TO "RoleSession";
CREATE UNIQUE INDEX "RoleSession_sessionToken_key" ON "RoleSession"("sessionToken");
CREATE INDEX "RoleSession_source_sourceId_idx" ON "RoleSession"("source", "sourceId");
CREATE INDEX "RoleSession_roleArn_idx" ON "RoleSession"("roleArn");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SignInAttempt_client_at_idx" ON "SignInAttempt"("client", "at");
