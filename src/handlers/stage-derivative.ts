import { createReadStream } from 'node:fs';
import type { Job } from 'bullmq';
import type { Archive } from '../archive/archive.js';
import { FILE_READ_CHUNK_BYTES } from '../infra/storage/body-stream.js';
import type { StagedDerivative } from '../jobs/item-job-result.js';
import type { ItemJobPayload } from '../jobs/job-contract.js';
import type { Asset } from '../model/asset.js';

/**
 * Puts a derivative file into the work area, under the job that made it, for the
 * finalise job to move into the item's next object version. `file` is a path, or the
 * bytes themselves for a small derivative made in memory.
 */
export async function stageDerivative(
  archive: Archive,
  job: Job<ItemJobPayload>,
  file: string | Uint8Array,
  asset: Omit<Asset, 'sha256' | 'size'>,
): Promise<StagedDerivative> {
  const workKey = `${job.data.itemId}/${job.id}/${asset.path}`;
  const stored = await archive.work.put(
    workKey,
    typeof file === 'string'
      ? createReadStream(file, { highWaterMark: FILE_READ_CHUNK_BYTES })
      : file,
    {
      contentType: asset.mediaType,
    },
  );
  return { ...asset, sha256: stored.sha256, size: stored.size, workKey };
}
