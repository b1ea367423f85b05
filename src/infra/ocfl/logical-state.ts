import { NotInObjectError, OcflError } from './errors.js';
import type { Inventory } from './inventory-schema.js';
import { FIXITY_ALGORITHM } from './spec.js';

/** One file of an object version, as a reader needs it. */
export interface LogicalFile {
  logicalPath: string;
  sha512: string;
  sha256: string;
  /** Where the bytes are, relative to the object root (may be in an earlier version). */
  contentPath: string;
  size: number;
}

/** Logical path -> file, for one version of an object. */
export type LogicalState = Map<string, LogicalFile>;

/** Resolves `version` (default: head) and throws `NotInObjectError` if the object lacks it. */
export function resolveVersion(inventory: Inventory, version?: string): string {
  const name = version ?? inventory.head;
  if (!(name in inventory.versions)) {
    throw new NotInObjectError(
      `object ${JSON.stringify(inventory.id)} has no version ${name} (head is ${inventory.head})`,
    );
  }
  return name;
}

/** Logical path -> sha512 for one version. */
export function digestsByLogicalPath(inventory: Inventory, version: string): Map<string, string> {
  const state = inventory.versions[resolveVersion(inventory, version)]?.state ?? {};
  const byPath = new Map<string, string>();
  for (const [digest, paths] of Object.entries(state)) {
    for (const path of paths) byPath.set(path, digest);
  }
  return byPath;
}

/** Content path -> sha256, from the inventory's sha256 fixity block. */
export function sha256ByContentPath(inventory: Inventory): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const [digest, paths] of Object.entries(inventory.fixity?.[FIXITY_ALGORITHM] ?? {})) {
    for (const path of paths) byPath.set(path, digest);
  }
  return byPath;
}

/**
 * The full logical state of `version`. `sizes` maps content paths (relative to the object
 * root) to their stored size; a content path missing from it means the object is damaged.
 */
export function logicalStateOf(
  inventory: Inventory,
  version: string,
  sizes: ReadonlyMap<string, number>,
): LogicalState {
  const sha256Of = sha256ByContentPath(inventory);
  const state: LogicalState = new Map();
  const sorted = [...digestsByLogicalPath(inventory, version)].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [logicalPath, sha512] of sorted) {
    // The first content path holds the bytes; OCFL lets later duplicates exist, heritage writes none.
    const contentPath = inventory.manifest[sha512]?.[0];
    const sha256 = contentPath === undefined ? undefined : sha256Of.get(contentPath);
    const size = contentPath === undefined ? undefined : sizes.get(contentPath);
    if (contentPath === undefined || sha256 === undefined || size === undefined) {
      throw new OcflError(
        `object ${JSON.stringify(inventory.id)} ${version}: the content of ${JSON.stringify(logicalPath)} ` +
          `(${contentPath ?? 'no content path'}) is missing from storage; run verifyObject`,
      );
    }
    state.set(logicalPath, { logicalPath, sha512, sha256, contentPath, size });
  }
  return state;
}
