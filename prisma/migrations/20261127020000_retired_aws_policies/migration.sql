-- CreateTable
CREATE TABLE "RetiredAwsPolicy" (
    "arn" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "defaultVersionId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
