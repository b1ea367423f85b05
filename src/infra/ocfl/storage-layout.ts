import { hexDigest } from './digests.js';
import { EXTENSIONS_DIRECTORY } from './spec.js';

/**
 * The one storage layout heritage writes: OCFL community extension 0004 with its
 * defaults spelled out. Object roots are `abc/def/ghi/<sha256 of the id>`.
 */
export const HASHED_N_TUPLE_LAYOUT = {
  extensionName: '0004-hashed-n-tuple-storage-layout',
  digestAlgorithm: 'sha256',
  tupleSize: 3,
  numberOfTuples: 3,
  shortObjectRoot: false,
} as const;

export const LAYOUT_DESCRIPTION =
  'OCFL object identifiers are hashed with sha256 and encoded as lowercase hex; the ' +
  'first 9 characters, split into 3 directories of 3, lead to a directory named with the whole digest.';

/** Storage key of the layout extension's `config.json`. */
export const LAYOUT_CONFIG_KEY = `${EXTENSIONS_DIRECTORY}/${HASHED_N_TUPLE_LAYOUT.extensionName}/config.json`;

/** What an object root key looks like under this layout. */
export const OBJECT_ROOT_PATTERN = /^[0-9a-f]{3}\/[0-9a-f]{3}\/[0-9a-f]{3}\/[0-9a-f]{64}$/;

/** Maps an object id to its object root, relative to the storage root (extension 0004). */
export function objectRootFor(objectId: string): string {
  // Hand-written: six lines of the extension's procedure; the only library that has it
  // (@ocfl/ocfl) is a GPL filesystem client we use in tests, not at run time.
  const digest = hexDigest(HASHED_N_TUPLE_LAYOUT.digestAlgorithm, objectId);
  const { tupleSize, numberOfTuples } = HASHED_N_TUPLE_LAYOUT;
  const tuples = Array.from({ length: numberOfTuples }, (_, index) =>
    digest.slice(index * tupleSize, (index + 1) * tupleSize),
  );
  return [...tuples, digest].join('/');
}

/** The `ocfl_layout.json` document for this layout. */
export function layoutDocument(): { extension: string; description: string } {
  return { extension: HASHED_N_TUPLE_LAYOUT.extensionName, description: LAYOUT_DESCRIPTION };
}

/**
 * Why an existing root's `ocfl_layout.json` and extension config differ from this layout;
 * empty when they match. Parameters the extension defaults may be omitted in the config.
 */
export function layoutMismatches(layoutJson: unknown, configJson: unknown): string[] {
  const problems: string[] = [];
  const extension = (layoutJson as { extension?: unknown } | null)?.extension;
  if (extension !== HASHED_N_TUPLE_LAYOUT.extensionName) {
    problems.push(
      `ocfl_layout.json names layout ${JSON.stringify(extension)}, not "${HASHED_N_TUPLE_LAYOUT.extensionName}"`,
    );
    return problems;
  }
  const config = (configJson ?? {}) as Record<string, unknown>;
  for (const [parameter, expected] of Object.entries(HASHED_N_TUPLE_LAYOUT)) {
    const actual = config[parameter];
    if (actual !== undefined && actual !== expected) {
      problems.push(
        `${LAYOUT_CONFIG_KEY} sets ${parameter} to ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
      );
    }
  }
  return problems;
}
