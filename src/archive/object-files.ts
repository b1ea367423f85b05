import { text } from 'node:stream/consumers';
import {
  type Inventory,
  ObjectNotFoundInRootError,
  type OcflStorageRoot,
} from '../infra/ocfl/index.js';
import { type ItemRecord, itemRecordSchema, MetadataPath } from '../model/item-record.js';

/**
 * Text files of one object version (head by default), keyed by logical path; a path
 * the version lacks is absent from the map. Undefined when the object does not exist.
 * The inventory is loaded once and tells which files exist, so no file is looked up
 * in storage except those read.
 */
export async function readObjectTexts(
  objects: OcflStorageRoot,
  objectId: string,
  logicalPaths: readonly string[],
  version?: string,
): Promise<{ version: string; texts: Map<string, string> } | undefined> {
  const inventory = await inventoryIfAny(objects, objectId);
  if (!inventory) return undefined;
  const name = version ?? inventory.head;
  const present = new Set(Object.values(inventory.versions[name]?.state ?? {}).flat());
  const texts = new Map<string, string>();
  for (const logicalPath of logicalPaths) {
    if (present.has(logicalPath)) {
      texts.set(logicalPath, await text(await objects.readFileOf(inventory, logicalPath, name)));
    }
  }
  return { version: name, texts };
}

/** A text file of an object version (head by default), or undefined when the object or file is absent. */
export async function readObjectText(
  objects: OcflStorageRoot,
  objectId: string,
  logicalPath: string,
  version?: string,
): Promise<string | undefined> {
  return (await readObjectTexts(objects, objectId, [logicalPath], version))?.texts.get(logicalPath);
}

/** An item's metadata at one version (head by default): its record and its events log. */
export interface ItemMetadata {
  record: ItemRecord;
  version: string;
  /** `metadata/events.jsonl` as stored ('' when the version has none). */
  eventsJsonl: string;
}

/** `metadata/item.json` (validated) and `metadata/events.jsonl`; undefined for an item not yet archived. */
export async function readItemMetadata(
  objects: OcflStorageRoot,
  itemId: string,
  version?: string,
): Promise<ItemMetadata | undefined> {
  const found = await readObjectTexts(
    objects,
    itemId,
    [MetadataPath.item, MetadataPath.events],
    version,
  );
  const json = found?.texts.get(MetadataPath.item);
  if (!found || json === undefined) return undefined;
  return {
    record: itemRecordSchema.parse(JSON.parse(json)),
    version: found.version,
    eventsJsonl: found.texts.get(MetadataPath.events) ?? '',
  };
}

/** `metadata/item.json` of an item's object, validated; undefined for an item not yet archived. */
export async function readItemRecord(
  objects: OcflStorageRoot,
  itemId: string,
  version?: string,
): Promise<{ record: ItemRecord; version: string } | undefined> {
  const found = await readObjectTexts(objects, itemId, [MetadataPath.item], version);
  const json = found?.texts.get(MetadataPath.item);
  if (!found || json === undefined) return undefined;
  return { record: itemRecordSchema.parse(JSON.parse(json)), version: found.version };
}

async function inventoryIfAny(
  objects: OcflStorageRoot,
  objectId: string,
): Promise<Inventory | undefined> {
  try {
    return await objects.getInventory(objectId);
  } catch (error) {
    if (error instanceof ObjectNotFoundInRootError) return undefined;
    throw error;
  }
}
