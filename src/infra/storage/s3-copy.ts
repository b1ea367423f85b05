import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';

/** S3 copies at most 5 GiB in one CopyObject request; larger objects are copied in parts. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
/** Part size for multipart copies: 10,000 parts of 512 MiB reach S3's 5 TiB object limit. */
export const COPY_PART_BYTES = 512 * 1024 ** 2;
const MAX_PARTS = 10_000;

/** One part of a multipart copy, with its inclusive byte range. */
export interface CopyPart {
  partNumber: number;
  start: number;
  end: number;
}

/** Splits `size` bytes into parts of `partSize` (the last one shorter). */
export function planCopyParts(size: number, partSize: number = COPY_PART_BYTES): CopyPart[] {
  if (!Number.isSafeInteger(size) || size <= 0)
    throw new RangeError(`cannot copy ${size} bytes in parts`);
  if (!Number.isSafeInteger(partSize) || partSize <= 0)
    throw new RangeError(`invalid part size ${partSize}`);
  const count = Math.ceil(size / partSize);
  if (count > MAX_PARTS) {
    throw new RangeError(
      `${size} bytes in ${partSize}-byte parts needs ${count} parts; S3 allows ${MAX_PARTS}`,
    );
  }
  return Array.from({ length: count }, (_, index) => ({
    partNumber: index + 1,
    start: index * partSize,
    end: Math.min(size, (index + 1) * partSize) - 1,
  }));
}

export interface CopyWithMetadataRequest {
  bucket: string;
  sourceKey: string;
  targetKey: string;
  /** Size of the source, which decides between one request and a multipart copy. */
  size: number;
  metadata: Record<string, string>;
  contentType?: string;
}

/** Server-side copy that replaces the metadata on the way (the bytes never leave S3). */
export async function copyWithMetadata(
  client: S3Client,
  request: CopyWithMetadataRequest,
): Promise<void> {
  const copySource = encodeCopySource(request.bucket, request.sourceKey);
  if (request.size <= MAX_SINGLE_COPY_BYTES) {
    await client.send(
      new CopyObjectCommand({
        Bucket: request.bucket,
        Key: request.targetKey,
        CopySource: copySource,
        MetadataDirective: 'REPLACE',
        Metadata: request.metadata,
        ContentType: request.contentType,
      }),
    );
    return;
  }
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: request.bucket,
      Key: request.targetKey,
      Metadata: request.metadata,
      ContentType: request.contentType,
    }),
  );
  if (!UploadId) throw new Error('the server returned no UploadId for a multipart copy');
  try {
    const parts = [];
    // One part at a time: each is a server-side copy of up to 512 MiB, and the
    // client's memory does not grow with the object.
    for (const part of planCopyParts(request.size)) {
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({
          Bucket: request.bucket,
          Key: request.targetKey,
          UploadId,
          PartNumber: part.partNumber,
          CopySource: copySource,
          CopySourceRange: `bytes=${part.start}-${part.end}`,
        }),
      );
      parts.push({ PartNumber: part.partNumber, ETag: CopyPartResult?.ETag });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: request.bucket,
        Key: request.targetKey,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    await client
      .send(
        new AbortMultipartUploadCommand({
          Bucket: request.bucket,
          Key: request.targetKey,
          UploadId,
        }),
      )
      .catch(() => {});
    throw error;
  }
}

/** `x-amz-copy-source` must be URL-encoded, and the SDK does not do it. */
function encodeCopySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
