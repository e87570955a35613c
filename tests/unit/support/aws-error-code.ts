import { S3ServiceException } from "@aws-sdk/client-s3";
import { EC2ServiceException } from "@aws-sdk/client-ec2";

/**
 * The AWS error code an SDK call failed with ("succeeded" when it did not fail): S3's and EC2's
 * exceptions are named by their code; the Query services' errors carry it in Error.Code.
 */
export async function awsErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "succeeded";
  } catch (error) {
    if (error instanceof EC2ServiceException || error instanceof S3ServiceException) return error.name;
    return (error as { Error?: { Code?: string } }).Error?.Code ?? (error as Error).name;
  }
}
