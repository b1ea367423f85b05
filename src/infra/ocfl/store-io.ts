import { streamToBuffer } from '../storage/body-stream.js';
import { ObjectNotFoundError, type ObjectStore } from '../storage/object-store.js';

/** Reads a whole stored object into memory (for small files: inventories, declarations). */
export async function readBytes(store: ObjectStore, key: string): Promise<Buffer> {
  return streamToBuffer(await store.get(key));
}

/** Like `readBytes`, but `undefined` when there is no object at `key`. */
export async function readBytesIfExists(
  store: ObjectStore,
  key: string,
): Promise<Buffer | undefined> {
  try {
    return await readBytes(store, key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
}

/** Every key under `prefix` (a directory: `/` is added), in key order. */
export async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.listKeys(`${prefix}/`)) keys.push(key);
  return keys;
}

/** Runs `task` on every item, at most `limit` at a time. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let index = next++; index < items.length; index = next++) {
      await task(items[index] as T);
    }
  });
  await Promise.all(workers);
}

/** Deletes every key given; missing keys are not an error. */
export async function deleteKeys(store: ObjectStore, keys: Iterable<string>): Promise<void> {
  // A small fixed fan-out: enough to hide S3 round trips, gentle on a 2-core machine.
  await forEachLimited([...keys], 4, (key) => store.delete(key));
}
