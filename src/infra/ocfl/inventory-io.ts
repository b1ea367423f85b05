import type { ObjectStore } from '../storage/object-store.js';
import { hexDigest } from './digests.js';
import { InventoryError } from './errors.js';
import { parseSidecar, serializeInventory, sidecarFor } from './inventory-build.js';
import { checkInventory, type Inventory } from './inventory-schema.js';
import { joinKey } from './paths.js';
import { DIGEST_ALGORITHM, INVENTORY_NAME, INVENTORY_SIDECAR_NAME } from './spec.js';
import { readBytesIfExists } from './store-io.js';

/** An inventory read from storage, with the facts a commit needs about it. */
export interface LoadedInventory {
  inventory: Inventory;
  /** sha512 of the inventory bytes: identifies this exact committed state. */
  digest: string;
  /**
   * The root sidecar disagrees but the head version's sidecar vouches for the bytes: a
   * commit stopped between writing the root inventory and its sidecar. The next commit
   * rewrites the sidecar.
   */
  staleRootSidecar: boolean;
}

/**
 * Reads and checks the inventory in `directory` (an object root, or a version directory
 * inside one): JSON, schema, OCFL rules and sidecar digest. `undefined` when there is no
 * inventory file; `InventoryError` when there is one that cannot be trusted.
 */
export async function loadInventory(
  store: ObjectStore,
  directory: string,
  options: { isObjectRoot: boolean },
): Promise<LoadedInventory | undefined> {
  const [key, sidecarKey] = inventoryKeys(directory);
  const bytes = await readBytesIfExists(store, key);
  if (bytes === undefined) return undefined;
  const { inventory, problems } = checkInventory(bytes);
  if (inventory === undefined) throw new InventoryError(key, problems);

  const digest = hexDigest(DIGEST_ALGORITHM, bytes);
  const stated = await readSidecarDigest(store, sidecarKey);
  if (stated === digest) return { inventory, digest, staleRootSidecar: false };
  if (options.isObjectRoot) {
    const versionSidecar = joinKey(directory, inventory.head, INVENTORY_SIDECAR_NAME);
    if ((await readSidecarDigest(store, versionSidecar)) === digest) {
      return { inventory, digest, staleRootSidecar: true };
    }
  }
  throw new InventoryError(key, [
    stated === undefined
      ? `sidecar ${sidecarKey} is missing or malformed`
      : `sidecar ${sidecarKey} states ${stated.slice(0, 16)}... but the inventory's sha512 is ${digest.slice(0, 16)}...`,
  ]);
}

/** The digest stated by a sidecar file, `undefined` if it is absent or malformed. */
export async function readSidecarDigest(
  store: ObjectStore,
  sidecarKey: string,
): Promise<string | undefined> {
  const bytes = await readBytesIfExists(store, sidecarKey);
  return bytes === undefined ? undefined : parseSidecar(bytes);
}

/** The keys of `inventory.json` and its sidecar in `directory`. */
export function inventoryKeys(directory: string): [inventoryKey: string, sidecarKey: string] {
  return [joinKey(directory, INVENTORY_NAME), joinKey(directory, INVENTORY_SIDECAR_NAME)];
}

/** Writes `inventory.json` and then its sidecar into `directory`: the sidecar last, as OCFL requires. */
export async function writeInventory(
  store: ObjectStore,
  directory: string,
  inventory: Inventory,
  options: { syncFolderLater?: boolean } = {},
): Promise<void> {
  const bytes = serializeInventory(inventory);
  const [inventoryKey, sidecarKey] = inventoryKeys(directory);
  await store.put(inventoryKey, bytes, { contentType: 'application/json', ...options });
  await store.put(sidecarKey, sidecarFor(bytes), { contentType: 'text/plain', ...options });
}

/**
 * Rewrites a root sidecar that a commit left stale (see `staleRootSidecar`), from the
 * digest of the root inventory in place; a current sidecar is left alone.
 */
export async function completeRootSidecar(
  store: ObjectStore,
  objectRoot: string,
  loaded: LoadedInventory,
): Promise<void> {
  if (!loaded.staleRootSidecar) return;
  const [, sidecarKey] = inventoryKeys(objectRoot);
  await store.put(sidecarKey, `${loaded.digest} ${INVENTORY_NAME}\n`, {
    contentType: 'text/plain',
  });
}
