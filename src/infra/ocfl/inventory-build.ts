import { hexDigest } from './digests.js';
import type { Inventory, InventoryVersion, VersionUser } from './inventory-schema.js';
import { DIGEST_ALGORITHM, FIXITY_ALGORITHM, INVENTORY_NAME, INVENTORY_TYPE } from './spec.js';

/** Content stored for the first time in the version being built. */
export interface NewContent {
  sha512: string;
  sha256: string;
  /** Relative to the object root, e.g. `v2/content/originals/song.wav`. */
  contentPath: string;
}

/** Who made a version, when and why. */
export interface VersionMetadata {
  message: string;
  user: VersionUser;
  /** Defaults to now. */
  created?: Date;
}

/** The version after `head` (`v1` for a new object). */
export function nextVersionName(head: string | undefined): string {
  return head === undefined ? 'v1' : `v${Number(head.slice(1)) + 1}`;
}

/** Inverts a logical state (path -> digest) into OCFL's digest -> sorted paths, keys sorted. */
function stateBlock(state: ReadonlyMap<string, string>): Record<string, string[]> {
  const byDigest = new Map<string, string[]>();
  for (const [logicalPath, digest] of state) {
    const paths = byDigest.get(digest) ?? [];
    paths.push(logicalPath);
    byDigest.set(digest, paths);
  }
  return Object.fromEntries(
    [...byDigest]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([digest, paths]) => [digest, paths.sort()]),
  );
}

/**
 * The inventory of the next version: the previous inventory (if any) plus the new
 * content in manifest and sha256 fixity, and a version block for `state`.
 */
export function buildNextInventory(input: {
  objectId: string;
  previous: Inventory | undefined;
  state: ReadonlyMap<string, string>;
  newContent: readonly NewContent[];
  metadata: VersionMetadata;
}): Inventory {
  const { objectId, previous, state, newContent, metadata } = input;
  const head = nextVersionName(previous?.head);
  const manifest: Record<string, string[]> = structuredClone(previous?.manifest ?? {});
  const fixity: Record<string, string[]> = structuredClone(
    previous?.fixity?.[FIXITY_ALGORITHM] ?? {},
  );
  for (const content of newContent) {
    manifest[content.sha512] = [...(manifest[content.sha512] ?? []), content.contentPath];
    fixity[content.sha256] = [...(fixity[content.sha256] ?? []), content.contentPath];
  }
  const version: InventoryVersion = {
    created: (metadata.created ?? new Date()).toISOString(),
    state: stateBlock(state),
    message: metadata.message,
    user:
      metadata.user.address === undefined
        ? { name: metadata.user.name }
        : { name: metadata.user.name, address: metadata.user.address },
  };
  return {
    id: objectId,
    type: INVENTORY_TYPE,
    digestAlgorithm: DIGEST_ALGORITHM,
    head,
    ...(previous?.contentDirectory === undefined
      ? {}
      : { contentDirectory: previous.contentDirectory }),
    manifest,
    versions: { ...structuredClone(previous?.versions ?? {}), [head]: version },
    fixity: { ...structuredClone(previous?.fixity ?? {}), [FIXITY_ALGORITHM]: fixity },
  };
}

/** The bytes written for an inventory: the same in the object root and in `vN/`. */
export function serializeInventory(inventory: Inventory): Buffer {
  return Buffer.from(`${JSON.stringify(inventory, null, 2)}\n`, 'utf8');
}

/** The sidecar file contents for inventory bytes: `DIGEST inventory.json`. */
export function sidecarFor(inventoryBytes: Uint8Array): string {
  return `${hexDigest(DIGEST_ALGORITHM, inventoryBytes)} ${INVENTORY_NAME}\n`;
}

/** The digest a sidecar states, or `undefined` when it does not follow the OCFL format. */
export function parseSidecar(sidecar: Uint8Array): string | undefined {
  const match = /^([0-9a-fA-F]+)[ \t]+inventory\.json\s*$/.exec(
    Buffer.from(sidecar).toString('utf8'),
  );
  return match?.[1]?.toLowerCase();
}
