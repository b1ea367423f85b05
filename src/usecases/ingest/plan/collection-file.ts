import path from 'node:path';
import { type Collection, collectionSchema } from '../../../model/item.js';
import type { ManifestProblem } from '../manifest/manifest-problem.js';
import { RefusedFileError, readDepositFile } from '../open-deposit-file.js';

/** Largest `collection.json` read: a description, not data. */
const COLLECTION_FILE_MAX_BYTES = 1024 * 1024;

/** The file in a deposit folder that describes its collection (optional). */
export const COLLECTION_FILE = 'collection.json';

/**
 * The folder's `collection.json`, read through the safe open: undefined when there is
 * none, `unreadable` (with its problems) when it is refused or invalid. Messages name
 * where JSON parsing stopped, never the bytes there.
 */
export async function readCollectionFile(
  root: string,
  problems: ManifestProblem[],
): Promise<Collection | undefined | 'unreadable'> {
  const file = path.join(root, COLLECTION_FILE);
  let bytes: Buffer;
  try {
    bytes = await readDepositFile(file, {
      root,
      maxBytes: COLLECTION_FILE_MAX_BYTES,
      name: COLLECTION_FILE,
    });
  } catch (error) {
    if (error instanceof RefusedFileError && error.reason === 'does not exist') return undefined;
    if (!(error instanceof RefusedFileError)) throw error;
    problems.push({ file: COLLECTION_FILE, reason: `${error.reason}; it was not read` });
    return 'unreadable';
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    problems.push({ file: COLLECTION_FILE, reason: 'is not valid UTF-8 JSON' });
    return 'unreadable';
  }
  const parsed = collectionSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push({ file: COLLECTION_FILE, column: issue.path.join('.'), reason: issue.message });
  }
  return 'unreadable';
}
