import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../config/settings-schema.js';

/** S3 answers a connection in milliseconds; this long means it is away. */
export const DEFAULT_S3_CONNECT_TIMEOUT_MS = 10_000;
/**
 * Far above any pause of a live S3 service (AWS ends a request silent for 20 s itself,
 * and keeps a long CopyObject alive with whitespace), so only a dead connection reaches it.
 */
export const DEFAULT_S3_IDLE_TIMEOUT_MS = 120_000;

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
    // The SDK waits forever by default. A connection must open within connectTimeoutMs
    // (default 10 s), and a request fails once its connection has sent and received
    // nothing for idleTimeoutMs (default 2 min): an idle timeout, not a deadline, so an
    // upload or download of any size goes on as long as bytes move. The failure is a
    // `TimeoutError`, retried by the SDK and then by the job like any outage.
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs ?? DEFAULT_S3_CONNECT_TIMEOUT_MS,
      socketTimeout: settings.idleTimeoutMs ?? DEFAULT_S3_IDLE_TIMEOUT_MS,
    },
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
