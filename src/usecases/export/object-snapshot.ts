import { ObjectNotFoundInRootError, type OcflStorageRoot } from '../../infra/ocfl/index.js';
import type { Inventory } from '../../infra/ocfl/inventory-schema.js';
import { digestsByLogicalPath } from '../../infra/ocfl/logical-state.js';
import { joinKey } from '../../infra/ocfl/paths.js';

/**
 * One version of an item's object, its inventory loaded once: an export reads several
 * files of thousands of objects, and `OcflStorageRoot.readFile` loads and checks the
 * inventory again for each file. Reads still go through the store, which checks every
 * byte against the sha256 recorded when it was written.
 */
export class ObjectSnapshot {
  readonly itemId: string;
  readonly version: string;
  readonly #inventory: Inventory;
  readonly #objects: OcflStorageRoot;
  readonly #digests: Map<string, string>;

  private constructor(objects: OcflStorageRoot, itemId: string, inventory: Inventory) {
    this.#objects = objects;
    this.itemId = itemId;
    this.#inventory = inventory;
    this.version = inventory.head;
    this.#digests = digestsByLogicalPath(inventory, inventory.head);
  }

  /** The head version of the object; undefined when the archive has no such object. */
  static async open(objects: OcflStorageRoot, itemId: string): Promise<ObjectSnapshot | undefined> {
    try {
      return new ObjectSnapshot(objects, itemId, await objects.getInventory(itemId));
    } catch (error) {
      if (error instanceof ObjectNotFoundInRootError) return undefined;
      throw error;
    }
  }

  has(logicalPath: string): boolean {
    return this.#digests.has(logicalPath);
  }

  /** The whole file; an error naming the item, version and path when it is not there. */
  async read(logicalPath: string): Promise<Buffer> {
    const digest = this.#digests.get(logicalPath);
    const contentPath = digest === undefined ? undefined : this.#inventory.manifest[digest]?.[0];
    if (contentPath === undefined)
      throw new Error(`item ${this.itemId} ${this.version} has no file ${logicalPath}`);
    const stream = await this.#objects.store.get(
      joinKey(this.#objects.objectRoot(this.itemId), contentPath),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async readText(logicalPath: string): Promise<string> {
    return (await this.read(logicalPath)).toString('utf8');
  }
}
