-- CreateTable
CREATE TABLE "S3MultipartUpload" (
    "uploadId" TEXT NOT NULL PRIMARY KEY,
    "bucketName" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "contentType" TEXT NOT NULL DEFAULT 'binary/octet-stream',
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "headers" TEXT NOT NULL DEFAULT '{}',
    "initiator" TEXT NOT NULL,
    "initiatedAt" DATETIME NOT NULL,
    CONSTRAINT "S3MultipartUpload_bucketName_fkey" FOREIGN KEY ("bucketName") REFERENCES "Bucket" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "S3UploadPart" (
    "uploadId" TEXT NOT NULL,
    "partNumber" INTEGER NOT NULL,
    "body" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "etag" TEXT NOT NULL,
    "lastModified" DATETIME NOT NULL,

    PRIMARY KEY ("uploadId", "partNumber"),
    CONSTRAINT "S3UploadPart_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "S3MultipartUpload" ("uploadId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "S3MultipartUpload_bucketName_key_idx" ON "S3MultipartUpload"("bucketName", "key");
