import type { Readable } from 'node:stream';
import { pMapIterable, pMapSkip } from 'p-map';
import type { ByteRange, ObjectStore } from '../storage/object-store.js';
import { commitVersion, type ObjectChange, type ObjectLocation } from './commit-version.js';
import { NotInObjectError, ObjectNotFoundInRootError, StorageRootError } from './errors.js';
import type { VersionMetadata } from './inventory-build.js';
import { type LoadedInventory, loadInventory } from './inventory-io.js';
import type { Inventory } from './inventory-schema.js';
import { type LogicalState, logicalStateOf, resolveVersion } from './logical-state.js';
import { assertValidLogicalPath, assertValidObjectId, joinKey } from './paths.js';
import { declareStorageRoot, inspectStorageRoot } from './root-declaration.js';
import { INVENTORY_NAME } from './spec.js';
import { OBJECT_ROOT_PATTERN, objectRootFor } from './storage-layout.js';
import { forEachLimited } from './store-io.js';
import { type VerifyReport, verifyObject } from './verify-object.js';

/**
 * What `commitVersion` made. No logical state: its sizes would cost a HEAD per file,
 * and committers need only the version name (`logicalState` has the rest).
 */
export interface CommitResult {
  objectId: string;
  /** The new version's name, e.g. `v3`. */
  version: string;
}

/** An object root found in the storage root: its id, or why it cannot be read. */
export type FoundObject =
  | { objectRoot: string; objectId: string; problem?: undefined }
  | { objectRoot: string; objectId?: undefined; problem: string };

/**
 * An OCFL 1.1 storage root (layout extension 0004, hashed n-tuples) over any
 * `ObjectStore`: the filesystem or S3 alike, one OCFL object per archive item.
 */
/** Root inventories `scanObjects` reads at once. */
const INVENTORIES_AT_ONCE = 8;

export class OcflStorageRoot {
  readonly store: ObjectStore;
  #declared: boolean;
  #declaring: Promise<void> | undefined;

  private constructor(store: ObjectStore, declared: boolean) {
    this.store = store;
    this.#declared = declared;
  }

  /**
   * Opens the storage root in `store`, checking its declaration and layout. An empty
   * store is accepted and becomes a storage root on the first commit. Throws
   * `StorageRootError` for another OCFL version or layout, or for unrelated files.
   */
  static async open(store: ObjectStore): Promise<OcflStorageRoot> {
    return new OcflStorageRoot(store, (await inspectStorageRoot(store)) === 'declared');
  }

  /**
   * Makes an empty store an OCFL storage root (the namaste file and the layout), once:
   * concurrent first commits share one declaration instead of racing to write it, and
   * a commit never takes another's fresh object files for foreign content.
   */
  async declare(): Promise<void> {
    if (this.#declared) return;
    this.#declaring ??= (async () => {
      if ((await inspectStorageRoot(this.store)) === 'empty') await declareStorageRoot(this.store);
      this.#declared = true;
    })().finally(() => {
      this.#declaring = undefined;
    });
    await this.#declaring;
  }

  /** Where an object lives, relative to the storage root (whether or not it exists). */
  objectRoot(objectId: string): string {
    assertValidObjectId(objectId);
    return objectRootFor(objectId);
  }

  /** True when the object has at least one committed version. */
  async hasObject(objectId: string): Promise<boolean> {
    return (await this.#load(objectId)) !== undefined;
  }

  /** The object's current (root) inventory, checked against its sidecar. */
  async getInventory(objectId: string): Promise<Inventory> {
    return (await this.#require(objectId)).inventory;
  }

  /** Logical path -> digests, content path and size, for `version` (default: head). */
  async logicalState(objectId: string, version?: string): Promise<LogicalState> {
    const { inventory } = await this.#require(objectId);
    return this.#stateOf(objectId, inventory, resolveVersion(inventory, version));
  }

  /**
   * Streams one file of `version` (default: head). The store checks the bytes against
   * the sha256 recorded when they were written, failing the stream at its end if not.
   */
  async readFile(objectId: string, logicalPath: string, version?: string): Promise<Readable> {
    assertValidLogicalPath(logicalPath); // before any I/O
    return this.readFileOf((await this.#require(objectId)).inventory, logicalPath, version);
  }

  /**
   * Like `readFile`, for an inventory already loaded with `getInventory`: a reader of
   * several files loads and checks the inventory once instead of once per file. With a
   * `range`, only those bytes (an HTTP range request), which the store cannot verify.
   */
  async readFileOf(
    inventory: Inventory,
    logicalPath: string,
    version?: string,
    range?: ByteRange,
  ): Promise<Readable> {
    return this.store.get(this.#contentKey(inventory, logicalPath, version), range);
  }

  /**
   * A local path to one file of `version` (default: head) of an inventory loaded with
   * `getInventory`, its bytes checked first, for a tool to read in place; `undefined`
   * where the store keeps no local files (S3): `readFileOf` then copies it.
   */
  async checkedLocalFileOf(
    inventory: Inventory,
    logicalPath: string,
    version?: string,
  ): Promise<string | undefined> {
    return this.store.checkedLocalFile(this.#contentKey(inventory, logicalPath, version));
  }

  /** The store key of the content that `logicalPath` names in `version`. */
  #contentKey(inventory: Inventory, logicalPath: string, version: string | undefined): string {
    assertValidLogicalPath(logicalPath);
    const name = resolveVersion(inventory, version);
    const digest = Object.entries(inventory.versions[name]?.state ?? {}).find(([, paths]) =>
      paths.includes(logicalPath),
    )?.[0];
    const contentPath = digest === undefined ? undefined : inventory.manifest[digest]?.[0];
    if (contentPath === undefined) {
      throw new NotInObjectError(
        `object ${JSON.stringify(inventory.id)} ${name} has no file ${JSON.stringify(logicalPath)}`,
      );
    }
    return joinKey(this.objectRoot(inventory.id), contentPath);
  }

  /**
   * Every committed object's id, found by walking the storage root for object root
   * inventories. Throws `StorageRootError` at the first object that cannot be read or
   * sits where its id does not map (`scanObjects` reports those and carries on).
   */
  async *listObjectIds(): AsyncGenerator<string> {
    for await (const found of this.scanObjects()) {
      if (found.objectId === undefined) {
        throw new StorageRootError(
          `${this.store.location}: the object at "${found.objectRoot}" ${found.problem}`,
        );
      }
      yield found.objectId;
    }
  }

  /**
   * Every object root that holds a root inventory, with the object's id when the
   * inventory can be read and belongs there, or else the problem: one damaged object
   * does not hide the others.
   */
  async *scanObjects(): AsyncGenerator<FoundObject> {
    // Several inventories read at once, each mostly waiting for its file; in scan order.
    yield* pMapIterable(this.scanObjectRoots(), (objectRoot) => this.#identify(objectRoot), {
      concurrency: INVENTORIES_AT_ONCE,
    });
  }

  /** The object at `objectRoot` as `scanObjects` finds it; `pMapSkip` when it is gone. */
  async #identify(objectRoot: string): Promise<FoundObject | typeof pMapSkip> {
    let loaded: LoadedInventory | undefined;
    try {
      loaded = await loadInventory(this.store, objectRoot, { isObjectRoot: true });
    } catch (error) {
      return { objectRoot, problem: `cannot be read: ${(error as Error).message}` };
    }
    if (loaded === undefined) return pMapSkip; // deleted while we walked
    const { id } = loaded.inventory;
    if (objectRootFor(id) !== objectRoot) {
      return {
        objectRoot,
        problem: `has id ${JSON.stringify(id)}, which belongs at "${objectRootFor(id)}"`,
      };
    }
    return { objectRoot, objectId: id };
  }

  /**
   * Every object root that holds a root inventory, found by the names of its files
   * alone: nothing is read, so a check that reads each object anyway reads it once.
   */
  async *scanObjectRoots(): AsyncGenerator<string> {
    const suffix = `/${INVENTORY_NAME}`;
    for await (const key of this.store.listKeys('')) {
      if (!key.endsWith(suffix)) continue;
      const objectRoot = key.slice(0, -suffix.length);
      if (OBJECT_ROOT_PATTERN.test(objectRoot)) yield objectRoot;
    }
  }

  /** Checks one object in full (inventories, sidecars, every content digest); never throws for damage it finds. */
  async verifyObject(objectId: string): Promise<VerifyReport> {
    return verifyObject(this.#location(objectId));
  }

  /**
   * `verifyObject` for the object at `objectRoot` (from `scanObjectRoots`), named by
   * the id its inventory holds; an id that belongs elsewhere is one of its problems.
   */
  async verifyObjectRoot(objectRoot: string): Promise<VerifyReport> {
    return verifyObject({ store: this.store, objectRoot });
  }

  /**
   * Commits the next version of an object (creating it with v1 if absent): `change`
   * adds, replaces and removes files; every other path carries over, and content the
   * object already holds is never stored twice. A version is complete or absent.
   *
   * One writer per object at a time is the caller's job (e.g. one job per item id):
   * a commit that finds another writer's version committed in the meantime fails with
   * `CommitConflictError`, but two writers racing inside the same version directory can
   * damage each other's files before that check.
   */
  async commitVersion(
    objectId: string,
    change: ObjectChange,
    metadata: VersionMetadata,
  ): Promise<CommitResult> {
    const location = this.#location(objectId);
    await this.declare();
    const inventory = await commitVersion(location, change, metadata);
    return { objectId, version: inventory.head };
  }

  #location(objectId: string): ObjectLocation {
    return { store: this.store, objectId, objectRoot: this.objectRoot(objectId) };
  }

  async #load(objectId: string): Promise<LoadedInventory | undefined> {
    const loaded = await loadInventory(this.store, this.objectRoot(objectId), {
      isObjectRoot: true,
    });
    if (loaded !== undefined && loaded.inventory.id !== objectId) {
      throw new StorageRootError(
        `${this.store.location}: the object at "${this.objectRoot(objectId)}" has id ` +
          `${JSON.stringify(loaded.inventory.id)}, not ${JSON.stringify(objectId)}`,
      );
    }
    return loaded;
  }

  async #require(objectId: string): Promise<LoadedInventory> {
    const loaded = await this.#load(objectId);
    if (loaded === undefined)
      throw new ObjectNotFoundInRootError(objectId, this.objectRoot(objectId));
    return loaded;
  }

  async #stateOf(objectId: string, inventory: Inventory, version: string): Promise<LogicalState> {
    const objectRoot = this.objectRoot(objectId);
    const contentPaths = new Set<string>();
    for (const digest of Object.keys(inventory.versions[version]?.state ?? {})) {
      const contentPath = inventory.manifest[digest]?.[0];
      if (contentPath !== undefined) contentPaths.add(contentPath);
    }
    // One HEAD per file of this version rather than a listing of every version's files.
    const sizes = new Map<string, number>();
    await forEachLimited([...contentPaths], 8, async (contentPath) => {
      const info = await this.store.head(joinKey(objectRoot, contentPath));
      if (info !== undefined) sizes.set(contentPath, info.size);
    });
    return logicalStateOf(inventory, version, sizes);
  }
}
