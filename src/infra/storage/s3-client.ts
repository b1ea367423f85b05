import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../config/settings-schema.js';

/** An S3 client for the configured service, set up for S3-compatible servers as well as AWS. */
export function createS3Client(settings: S3Settings): S3Client {
  const { accessKeyId, secretAccessKey } = settings;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error('s3.accessKeyId and s3.secretAccessKey must be given together (or neither)');
  }
  // heritage runs on Node 20 with the SDK versions its lockfile pins; the SDK's notice
  // that later versions will need Node 22 would otherwise print on every S3 command.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      accessKeyId !== undefined && secretAccessKey !== undefined
        ? { accessKeyId, secretAccessKey }
        : undefined,
    // Other S3 servers (s3rver, older MinIO, ...) store aws-chunked bodies with their
    // framing or reject the trailing checksums the SDK sends by default; the sha256
    // kept in object metadata is what guards integrity end to end.
    ...(settings.endpoint
      ? {
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
}
