-- Classroom: a directory of workspaces (each its own SQLite file; this file keeps `demo`) and
-- their assigned console users. Existing workspaces enter the directory under their ids, and
-- existing assignments move over; setup then moves every workspace but `demo` into its own file.

-- CreateTable
CREATE TABLE "ClassroomWorkspace" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'demo',
    "lab" TEXT
);

-- CreateTable
CREATE TABLE "ClassroomMember" (
    "userId" TEXT NOT NULL,
    "workspaceName" TEXT NOT NULL,

    PRIMARY KEY ("userId", "workspaceName"),
    CONSTRAINT "ClassroomMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ConsoleUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClassroomMember_workspaceName_fkey" FOREIGN KEY ("workspaceName") REFERENCES "ClassroomWorkspace" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClassroomMember_workspaceName_idx" ON "ClassroomMember"("workspaceName");

INSERT INTO "ClassroomWorkspace" ("name", "createdAt", "createdBy", "source")
    SELECT "id", "createdAt", 'migration', CASE WHEN "id" = 'demo' THEN 'demo' ELSE 'empty' END FROM "Workspace";
INSERT INTO "ClassroomMember" ("userId", "workspaceName") SELECT "userId", "workspaceId" FROM "WorkspaceMember";

-- DropTable
DROP TABLE "WorkspaceMember";
