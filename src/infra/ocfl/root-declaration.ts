import type { ObjectStore } from '../storage/object-store.js';
import { StorageRootError } from './errors.js';
import { LAYOUT_FILE_NAME, ROOT_NAMASTE_CONTENT, ROOT_NAMASTE_NAME } from './spec.js';
import {
  HASHED_N_TUPLE_LAYOUT,
  LAYOUT_CONFIG_KEY,
  layoutDocument,
  layoutMismatches,
} from './storage-layout.js';
import { readBytesIfExists } from './store-io.js';

/** Files a storage root declaration writes, in writing order: the namaste comes last. */
const DECLARATION_FILES: ReadonlyArray<[key: string, content: string]> = [
  [LAYOUT_CONFIG_KEY, `${JSON.stringify(HASHED_N_TUPLE_LAYOUT, null, 2)}\n`],
  [LAYOUT_FILE_NAME, `${JSON.stringify(layoutDocument(), null, 2)}\n`],
  [ROOT_NAMASTE_NAME, ROOT_NAMASTE_CONTENT],
];

/**
 * Whether `store` already holds a heritage OCFL 1.1 storage root (`'declared'`) or
 * nothing at all (`'empty'`, to be declared on first write). Throws `StorageRootError`
 * for anything else: another OCFL version, another layout, or unrelated files.
 */
export async function inspectStorageRoot(store: ObjectStore): Promise<'declared' | 'empty'> {
  const namaste = await readBytesIfExists(store, ROOT_NAMASTE_NAME);
  if (namaste === undefined) return inspectUndeclared(store);
  if (namaste.toString('utf8') !== ROOT_NAMASTE_CONTENT) {
    throw new StorageRootError(
      `${store.location}: ${ROOT_NAMASTE_NAME} must contain exactly ${JSON.stringify(ROOT_NAMASTE_CONTENT)}`,
    );
  }
  const layout = await readJson(store, LAYOUT_FILE_NAME);
  if (layout === undefined) {
    throw new StorageRootError(
      `${store.location}: the OCFL storage root has no ${LAYOUT_FILE_NAME}, so the mapping from ` +
        `object ids to folders is unknown; heritage needs ${HASHED_N_TUPLE_LAYOUT.extensionName}`,
    );
  }
  const mismatches = layoutMismatches(layout, await readJson(store, LAYOUT_CONFIG_KEY));
  if (mismatches.length > 0) {
    throw new StorageRootError(
      `${store.location}: this OCFL storage root uses another layout than heritage's ` +
        `(${HASHED_N_TUPLE_LAYOUT.extensionName}, tupleSize 3, numberOfTuples 3): ${mismatches.join('; ')}`,
    );
  }
  return 'declared';
}

/** Writes the storage root declaration: layout config, `ocfl_layout.json`, then `0=ocfl_1.1`. */
export async function declareStorageRoot(store: ObjectStore): Promise<void> {
  for (const [key, content] of DECLARATION_FILES) {
    await store.put(key, content, { contentType: 'text/plain' });
  }
}

async function inspectUndeclared(store: ObjectStore): Promise<'empty'> {
  const declarationKeys = new Set(DECLARATION_FILES.map(([key]) => key));
  for await (const key of store.listKeys('')) {
    // Layout files without the namaste: a declaration that stopped half-way; redo it.
    if (declarationKeys.has(key)) continue;
    const otherVersion = /^0=ocfl_(.+)$/.exec(key)?.[1];
    throw new StorageRootError(
      otherVersion === undefined
        ? `${store.location} is not empty but is no OCFL storage root (no ${ROOT_NAMASTE_NAME}; ` +
            `found "${key}"); heritage will not mix its archive with other files`
        : `${store.location} is an OCFL ${otherVersion} storage root; heritage writes OCFL 1.1 objects ` +
            `and needs an OCFL 1.1 root`,
    );
  }
  return 'empty';
}

async function readJson(store: ObjectStore, key: string): Promise<unknown> {
  const bytes = await readBytesIfExists(store, key);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new StorageRootError(
      `${store.location}: ${key} is not valid JSON: ${(error as Error).message}`,
    );
  }
}
