import { Readable } from 'node:stream';
import type { ObjectStore } from '../storage/object-store.js';
import { ContentWriter, type FileToAdd } from './content-writer.js';
import { hexDigest } from './digests.js';
import { CommitConflictError, InvalidChangeError, NotInObjectError, OcflError } from './errors.js';
import {
  buildNextInventory,
  nextVersionName,
  serializeInventory,
  type VersionMetadata,
} from './inventory-build.js';
import {
  completeRootSidecar,
  inventoryKeys,
  type LoadedInventory,
  loadInventory,
  writeInventory,
} from './inventory-io.js';
import type { Inventory } from './inventory-schema.js';
import { digestsByLogicalPath } from './logical-state.js';
import { assertValidLogicalPath, findPathConflict, joinKey } from './paths.js';
import {
  DEFAULT_CONTENT_DIRECTORY,
  DIGEST_ALGORITHM,
  OBJECT_NAMASTE_CONTENT,
  OBJECT_NAMASTE_NAME,
} from './spec.js';
import { deleteKeys, listKeys } from './store-io.js';

/** What a new version changes; every logical path not named carries over unchanged. */
export interface ObjectChange {
  /** Files to add, or to replace when the logical path already exists. */
  add?: readonly FileToAdd[];
  /** Logical paths to drop from the new version (they stay in earlier versions). */
  remove?: readonly string[];
}

/** Where one object lives: its id and its root key in the storage root. */
export interface ObjectLocation {
  store: ObjectStore;
  objectId: string;
  objectRoot: string;
}

/**
 * Writes the next version of an object (v1 when it has none) and returns its inventory.
 * A change that leaves the head's logical state as it is writes nothing and returns the
 * head's inventory: a retried commit is harmless.
 *
 * Order: content, then `vN/inventory.json` and sidecar, then the root inventory (the
 * commit point) and its sidecar. A failure before the commit point removes what this
 * commit wrote and destroys the stream bodies; a leftover `vN/` from a crash is removed
 * by the next commit.
 */
export async function commitVersion(
  location: ObjectLocation,
  change: ObjectChange,
  metadata: VersionMetadata,
): Promise<Inventory> {
  try {
    return await writeNextVersion(location, change, metadata);
  } catch (error) {
    // Stream bodies a failed commit did not consume would hold their files open.
    for (const { body } of change.add ?? []) if (body instanceof Readable) body.destroy();
    throw error;
  }
}

async function writeNextVersion(
  location: ObjectLocation,
  change: ObjectChange,
  metadata: VersionMetadata,
): Promise<Inventory> {
  const { store, objectRoot } = location;
  assertValidChange(change, metadata);
  const current = await loadInventory(store, objectRoot, { isObjectRoot: true });
  const previous = current?.inventory;
  const version = nextVersionName(previous?.head);
  await removeLeftovers(location, previous, version);

  const state = nextState(location.objectId, previous, change);
  const contentDirectory = previous?.contentDirectory ?? DEFAULT_CONTENT_DIRECTORY;
  const writer = new ContentWriter(store, objectRoot, joinKey(version, contentDirectory), previous);
  const versionDirectory = joinKey(objectRoot, version);
  const rootNamaste = joinKey(objectRoot, OBJECT_NAMASTE_NAME);
  const written = writer.writtenKeys;
  try {
    for (const file of change.add ?? []) state.set(file.logicalPath, await writer.add(file));
    if (
      current !== undefined &&
      sameState(state, digestsByLogicalPath(current.inventory, current.inventory.head))
    ) {
      // Nothing to add, but a commit that stopped after its commit point still has its
      // root sidecar to write: a retry finishes it (there may be no other commit).
      await completeRootSidecar(store, objectRoot, current);
      return current.inventory;
    }
    const inventory = buildNextInventory({
      objectId: location.objectId,
      previous,
      state,
      newContent: writer.newContent,
      metadata,
    });
    written.push(...inventoryKeys(versionDirectory));
    await writeInventory(store, versionDirectory, inventory, { syncFolderLater: true });
    if (previous === undefined) {
      written.push(rootNamaste);
      await store.put(rootNamaste, OBJECT_NAMASTE_CONTENT, {
        contentType: 'text/plain',
        syncFolderLater: true,
      });
    }
    // Every file of the new version was flushed as it was written; its folders, and the
    // folders above them (whose entries name the new folders), are flushed here, once
    // each, rather than once per file. All before the root inventory names the version:
    // so a crash leaves either no version (the next commit removes what it finds of it)
    // or a version whose every file and name is on disk.
    await store.syncFolders([...written, rootNamaste]);
    await assertHeadUnchanged(location, current);
    await writeRootInventory(location, inventory);
    return inventory;
  } catch (error) {
    await removeUncommitted(location, written);
    throw error;
  }
}

/**
 * Deletes what an interrupted commit of `version` left behind. Without a root inventory
 * only a half-written v1 can be a leftover; anything more is damage, which is refused.
 */
async function removeLeftovers(
  location: ObjectLocation,
  previous: Inventory | undefined,
  version: string,
): Promise<void> {
  const { store, objectRoot } = location;
  const leftovers = await listKeys(store, previous ? joinKey(objectRoot, version) : objectRoot);
  const namaste = joinKey(objectRoot, OBJECT_NAMASTE_NAME);
  const isFirstVersionFile = (key: string) =>
    key === namaste || key.startsWith(`${joinKey(objectRoot, 'v1')}/`);
  const unexpected = previous ? undefined : leftovers.find((key) => !isFirstVersionFile(key));
  if (unexpected !== undefined) {
    throw new OcflError(
      `object ${JSON.stringify(location.objectId)} at "${objectRoot}" has no inventory.json but holds ` +
        `"${unexpected}": it looks damaged rather than half-written; refusing to write over it`,
    );
  }
  await deleteKeys(store, leftovers);
}

function assertValidChange(change: ObjectChange, metadata: VersionMetadata): void {
  const added = new Set<string>();
  for (const file of change.add ?? []) {
    assertValidLogicalPath(file.logicalPath);
    if (added.has(file.logicalPath)) {
      throw new InvalidChangeError(
        `${JSON.stringify(file.logicalPath)} is added twice in one change`,
      );
    }
    added.add(file.logicalPath);
  }
  for (const path of change.remove ?? []) {
    assertValidLogicalPath(path);
    if (added.has(path)) {
      throw new InvalidChangeError(
        `${JSON.stringify(path)} is both added and removed in one change`,
      );
    }
  }
  if (typeof metadata.message !== 'string') {
    throw new InvalidChangeError('the version message must be a string');
  }
  if (typeof metadata.user?.name !== 'string' || metadata.user.name.trim() === '') {
    throw new InvalidChangeError('the version user needs a non-empty name');
  }
  const address = metadata.user.address;
  if (address !== undefined && !URL.canParse(address)) {
    throw new InvalidChangeError(
      `the version user address ${JSON.stringify(address)} is not a URI (use mailto:... or an ORCID iD URL)`,
    );
  }
  if (metadata.created !== undefined && Number.isNaN(metadata.created.getTime())) {
    throw new InvalidChangeError('the version created date is not a valid date');
  }
}

/** The head state minus removals, with added paths placed (digests filled in as written). */
function nextState(
  objectId: string,
  previous: Inventory | undefined,
  change: ObjectChange,
): Map<string, string> {
  const state = previous
    ? digestsByLogicalPath(previous, previous.head)
    : new Map<string, string>();
  for (const path of change.remove ?? []) {
    if (!state.delete(path)) {
      throw new NotInObjectError(
        `cannot remove ${JSON.stringify(path)} from object ${JSON.stringify(objectId)}: ` +
          `it is not in ${previous?.head ?? 'the (new) object'}`,
      );
    }
  }
  const conflict = findPathConflict([
    ...state.keys(),
    ...(change.add ?? []).map((f) => f.logicalPath),
  ]);
  if (conflict) {
    throw new InvalidChangeError(
      `logical paths ${conflict.map((path) => JSON.stringify(path)).join(' and ')} conflict: ` +
        'a file cannot also be a folder',
    );
  }
  return state;
}

function sameState(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, digest] of a) if (b.get(path) !== digest) return false;
  return true;
}

/**
 * Writes the root inventory, the commit point. A write reported failed may still have
 * landed (on S3, a copy that succeeded and a check that did not): when the root now
 * holds this very inventory the version is committed, and saying otherwise would have
 * the caller undo or repeat it. A root sidecar left unwritten is rewritten by the next
 * commit, or by a retry that adds nothing (readers accept it through the head version's sidecar).
 */
async function writeRootInventory(location: ObjectLocation, inventory: Inventory): Promise<void> {
  const { store, objectRoot } = location;
  try {
    await writeInventory(store, objectRoot, inventory);
  } catch (error) {
    const expected = hexDigest(DIGEST_ALGORITHM, serializeInventory(inventory));
    const now = await loadInventory(store, objectRoot, { isObjectRoot: true }).catch(
      () => undefined,
    );
    if (now?.digest !== expected) throw error;
    // Committed, but the failure may have been the sidecar's: write it now, or fail so
    // that the caller retries (and the retry, adding nothing, completes it).
    await completeRootSidecar(store, objectRoot, now);
  }
}

async function assertHeadUnchanged(
  location: ObjectLocation,
  before: LoadedInventory | undefined,
): Promise<void> {
  const now = await loadInventory(location.store, location.objectRoot, { isObjectRoot: true });
  if (now?.digest !== before?.digest) {
    throw new CommitConflictError(location.objectId, before?.inventory.head, now?.inventory.head);
  }
}

/**
 * Deletes the keys a failed commit wrote, except any that the root inventory now refers
 * to: after a conflict, the winning writer's version may share those keys.
 */
async function removeUncommitted(
  location: ObjectLocation,
  written: readonly string[],
): Promise<void> {
  const { store, objectRoot } = location;
  let committed: Inventory | undefined;
  try {
    committed = (await loadInventory(store, objectRoot, { isObjectRoot: true }))?.inventory;
  } catch {
    return; // Unreadable root inventory: leave the leftovers to the next commit's clean-up.
  }
  const keep = new Set<string>();
  if (committed !== undefined) {
    keep.add(joinKey(objectRoot, OBJECT_NAMASTE_NAME));
    for (const paths of Object.values(committed.manifest)) {
      for (const path of paths) keep.add(joinKey(objectRoot, path));
    }
    for (const version of Object.keys(committed.versions)) {
      for (const key of inventoryKeys(joinKey(objectRoot, version))) keep.add(key);
    }
  }
  await deleteKeys(
    store,
    written.filter((key) => !keep.has(key)),
  ).catch(() => {
    // The commit's own error matters more; the next commit removes what is left.
  });
}
