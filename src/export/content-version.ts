import type { Inventory } from '../ocfl/inventory-schema.js';
import { digestsByLogicalPath } from '../ocfl/logical-state.js';

/**
 * The earliest version whose files equal the head's, `ignored` paths aside. Export
 * events add versions that change only `metadata/events.jsonl`: naming the content
 * version in the snapshot keeps a second export of unchanged items byte-identical.
 */
export function contentVersionOf(inventory: Inventory, ignored: readonly string[]): string {
  const names = Object.keys(inventory.versions).sort(
    (a, b) => Number(a.slice(1)) - Number(b.slice(1)),
  );
  const fingerprint = (version: string) =>
    [...digestsByLogicalPath(inventory, version)]
      .filter(([logicalPath]) => !ignored.includes(logicalPath))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([logicalPath, digest]) => `${logicalPath} ${digest}`)
      .join('\n');
  const head = fingerprint(inventory.head);
  let earliest = inventory.head;
  for (let index = names.indexOf(inventory.head) - 1; index >= 0; index -= 1) {
    const name = names[index] as string;
    if (fingerprint(name) !== head) break;
    earliest = name;
  }
  return earliest;
}
