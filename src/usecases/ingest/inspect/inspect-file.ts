import type { Settings } from '../../../infra/config/settings-schema.js';
import type { FolderFile } from '../plan/scan-folder.js';
import { type DetectedFormat, detectFormat, QuarantineReason } from './detect-format.js';
import { type FileDigests, hashFile } from './hash-file.js';
import { readTechnicalMetadata, type TechnicalMetadata } from './technical-metadata.js';

export type InspectedFile =
  | {
      accepted: true;
      file: FolderFile;
      detected: DetectedFormat;
      digests: FileDigests;
      technical: TechnicalMetadata;
    }
  | { accepted: false; file: FolderFile; reason: string; digests?: FileDigests };

/**
 * Recognises, hashes and describes one deposited file. A file the archive cannot
 * take comes back refused with its reason; only unexpected failures (disk errors)
 * throw.
 */
export async function inspectFile(
  file: FolderFile,
  settings: Settings,
  onBytes?: (bytes: number) => void,
): Promise<InspectedFile> {
  let detected: DetectedFormat;
  try {
    detected = await detectFormat(file.absolutePath, file.relativePath);
  } catch (error) {
    if (error instanceof QuarantineReason) return { accepted: false, file, reason: error.message };
    throw error;
  }
  const digests = await hashFile(file.absolutePath, onBytes);
  try {
    const technical = await readTechnicalMetadata(file.absolutePath, detected, settings);
    return { accepted: true, file, detected, digests, technical };
  } catch (error) {
    if (error instanceof QuarantineReason)
      return { accepted: false, file, reason: error.message, digests };
    throw error;
  }
}
