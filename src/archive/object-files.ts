import { text } from 'node:stream/consumers';
import { type ItemRecord, itemRecordSchema, MetadataPath } from '../metadata/item-record.js';
import type { OcflStorageRoot } from '../ocfl/index.js';

/** A text file of an object version (head by default), or undefined when the object or file is absent. */
export async function readObjectText(
  objects: OcflStorageRoot,
  objectId: string,
  logicalPath: string,
  version?: string,
): Promise<string | undefined> {
  if (!(await objects.hasObject(objectId))) return undefined;
  const state = await objects.logicalState(objectId, version);
  if (!state.has(logicalPath)) return undefined;
  return text(await objects.readFile(objectId, logicalPath, version));
}

/** `metadata/item.json` of an item's object, validated; undefined for an item not yet archived. */
export async function readItemRecord(
  objects: OcflStorageRoot,
  itemId: string,
  version?: string,
): Promise<{ record: ItemRecord; version: string } | undefined> {
  if (!(await objects.hasObject(itemId))) return undefined;
  const head = version ?? (await objects.getInventory(itemId)).head;
  const json = await readObjectText(objects, itemId, MetadataPath.item, head);
  if (json === undefined) return undefined;
  return { record: itemRecordSchema.parse(JSON.parse(json)), version: head };
}
