import { isDeepStrictEqual } from 'node:util';
import pMap from 'p-map';
import { digestBody } from '../storage/body-digests.js';
import { streamToBuffer } from '../storage/body-stream.js';
import {
  type ListedObjectWithBytes,
  ObjectNotFoundError,
  type ObjectStore,
} from '../storage/object-store.js';
import type { ObjectLocation } from './commit-version.js';
import { type DigestAlgorithm, hexDigest } from './digests.js';
import { ObjectNotFoundInRootError } from './errors.js';
import { parseSidecar } from './inventory-build.js';
import { checkInventory, type Inventory } from './inventory-schema.js';
import { joinKey } from './paths.js';
import {
  DIGEST_ALGORITHM,
  INVENTORY_NAME,
  INVENTORY_SIDECAR_NAME,
  OBJECT_NAMASTE_CONTENT,
  OBJECT_NAMASTE_NAME,
} from './spec.js';
import { objectRootFor } from './storage-layout.js';

/** One thing wrong with an object; `path` is relative to the object root. */
export interface VerifyProblem {
  path: string;
  problem: string;
}

/** The outcome of `verifyObject`: `ok` exactly when `problems` is empty. */
export interface VerifyReport {
  objectId: string;
  /** The object root, relative to the storage root. */
  objectRoot: string;
  head: string | undefined;
  ok: boolean;
  /** Content files whose digests were computed. */
  contentFilesChecked: number;
  problems: VerifyProblem[];
}

/** Content files of one object read at once (the caller checks several objects at once too). */
const CONTENT_FILES_AT_ONCE = 4;

/**
 * Bytes of an object's small files read with its listing, where the store can
 * (`listWithBytes`); the rest are read one by one. Bounds the memory of each object
 * checked at once.
 */
const LISTED_BYTES_MAX = 4 * 1024 ** 2;

const SUPPORTED_FIXITY: readonly DigestAlgorithm[] = ['sha512', 'sha256'];

/**
 * What to check: an object by its id, or (no id) the object at an object root, named
 * by the id in its root inventory.
 */
export type VerifyTarget = Omit<ObjectLocation, 'objectId'> & { objectId?: string };

/**
 * Checks one object against OCFL 1.1 and heritage's own rules: conformance declaration,
 * every inventory (schema, rules, sidecar, agreement with the root inventory), no stray
 * or missing files, and every content file's sha512 and fixity digests.
 */
export async function verifyObject(location: VerifyTarget): Promise<VerifyReport> {
  const { store, objectRoot } = location;
  // Until an inventory names it, an object found by its root is named by its root.
  let objectId = location.objectId ?? objectRoot;
  const problems: VerifyProblem[] = [];
  const report = (path: string, problem: string) => problems.push({ path, problem });

  // Path -> the sha256 the store recorded for it (undefined when it recorded none), and
  // the bytes of those the store read with the listing.
  const present = new Map<string, string | undefined>();
  const listedBytes = new Map<string, Buffer>();
  const listing: AsyncIterable<ListedObjectWithBytes> =
    store.listWithBytes?.(`${objectRoot}/`, LISTED_BYTES_MAX) ?? store.list(`${objectRoot}/`);
  for await (const listed of listing) {
    const path = listed.key.slice(objectRoot.length + 1);
    present.set(path, listed.sha256);
    if (listed.bytes !== undefined) listedBytes.set(path, listed.bytes);
    if (listed.problem !== undefined) report(path, listed.problem);
  }
  if (present.size === 0) throw new ObjectNotFoundInRootError(objectId, objectRoot);
  const finish = (head: string | undefined, contentFilesChecked: number): VerifyReport => ({
    objectId,
    objectRoot,
    head,
    ok: problems.length === 0,
    contentFilesChecked,
    problems,
  });
  try {
    const named = (id: string) => {
      objectId = id;
    };
    return await checkObject(location, { present, listedBytes }, { report, named, finish });
  } catch (error) {
    // A file that cannot be read stops this object's check, never the caller's run.
    report('.', `could not be checked: ${(error as Error).message}`);
    return finish(undefined, 0);
  }
}

/** What the listing found: each file's recorded sha256, and the bytes read with it. */
interface Listing {
  present: ReadonlyMap<string, string | undefined>;
  listedBytes: Map<string, Buffer>;
}

/** How a check tells what it found. */
interface Findings {
  report: (path: string, problem: string) => void;
  /** The id the root inventory gives an object found by its root. */
  named: (objectId: string) => void;
  finish: (head: string | undefined, contentFilesChecked: number) => VerifyReport;
}

async function checkObject(
  { store, objectId, objectRoot }: VerifyTarget,
  { present, listedBytes }: Listing,
  { report, named, finish }: Findings,
): Promise<VerifyReport> {
  /** Bytes read with the listing, taken once so that they are not held to the end. */
  const takeListed = (path: string): Buffer | undefined => {
    const bytes = listedBytes.get(path);
    listedBytes.delete(path);
    return bytes;
  };
  // Read as the listing found them: each file's recorded sha256 was read once there.
  const read = async (path: string): Promise<Buffer | undefined> => {
    if (!present.has(path)) return undefined;
    let bytes = takeListed(path);
    try {
      if (bytes === undefined) {
        const stored = await store.getUnverified(joinKey(objectRoot, path));
        bytes = Buffer.isBuffer(stored) ? stored : await streamToBuffer(stored);
      }
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined; // removed since listed
      throw error;
    }
    const problem = storeRecordProblem(present.get(path), hexDigest('sha256', bytes));
    if (problem !== undefined) report(path, problem);
    return bytes;
  };

  // The small files are read together: each read mostly waits.
  const [namaste, rootBytes, rootSidecar] = await Promise.all([
    read(OBJECT_NAMASTE_NAME),
    read(INVENTORY_NAME),
    read(INVENTORY_SIDECAR_NAME),
  ]);
  if (namaste === undefined)
    report(OBJECT_NAMASTE_NAME, 'the object conformance declaration is missing');
  else if (namaste.toString('utf8') !== OBJECT_NAMASTE_CONTENT) {
    report(OBJECT_NAMASTE_NAME, `must contain exactly ${JSON.stringify(OBJECT_NAMASTE_CONTENT)}`);
  }

  if (rootBytes === undefined) {
    report(INVENTORY_NAME, 'the root inventory is missing: no version was ever committed');
    return finish(undefined, 0);
  }
  const { inventory, problems: rootProblems } = checkInventory(rootBytes);
  for (const problem of rootProblems) report(INVENTORY_NAME, problem);
  if (inventory === undefined) return finish(undefined, 0);
  if (objectId === undefined) {
    named(inventory.id);
    const home = objectRootFor(inventory.id);
    if (home !== objectRoot)
      report(INVENTORY_NAME, `has id ${JSON.stringify(inventory.id)}, which belongs at "${home}"`);
  } else if (inventory.id !== objectId) {
    report(
      INVENTORY_NAME,
      `id is ${JSON.stringify(inventory.id)}, not ${JSON.stringify(objectId)}`,
    );
  }
  const rootDigest = hexDigest(DIGEST_ALGORITHM, rootBytes);
  const rootSidecarProblem = sidecarProblem(rootSidecar, rootDigest);
  if (rootSidecarProblem !== undefined) {
    const headSidecar = await read(joinKey(inventory.head, INVENTORY_SIDECAR_NAME));
    const interrupted = headSidecar !== undefined && parseSidecar(headSidecar) === rootDigest;
    report(
      INVENTORY_SIDECAR_NAME,
      interrupted
        ? `${rootSidecarProblem} (a commit stopped before writing it; the next commit rewrites it)`
        : rootSidecarProblem,
    );
  }

  const versions = Object.keys(inventory.versions);
  const versionFiles = await Promise.all(
    versions.map((version) =>
      Promise.all([
        read(joinKey(version, INVENTORY_NAME)),
        read(joinKey(version, INVENTORY_SIDECAR_NAME)),
      ]),
    ),
  );
  versions.forEach((version, index) => {
    const [bytes, sidecar] = versionFiles[index] ?? [];
    checkVersionInventory(version, bytes, sidecar, inventory, rootBytes, report);
  });

  const expected = expectedFiles(inventory);
  for (const path of [...present.keys()].sort()) {
    if (!expected.has(path)) {
      report(
        path,
        'not referenced by the inventory (left by an interrupted commit, or put there by hand)',
      );
    }
  }
  const fixityOf = fixityByContentPath(inventory);
  const contentFiles = Object.entries(inventory.manifest).flatMap(([digest, contentPaths]) =>
    contentPaths.map((contentPath) => ({ digest, contentPath })),
  );
  // A few files at once, each read once for all its digests; problems are reported in
  // manifest order whatever order the reads end in.
  const found = await pMap(
    contentFiles,
    ({ digest, contentPath }) =>
      present.has(contentPath)
        ? checkContentFile(
            store,
            joinKey(objectRoot, contentPath),
            takeListed(contentPath),
            { manifest: digest, store: present.get(contentPath) },
            fixityOf.get(contentPath),
          )
        : ['content file listed in the manifest is missing'],
    { concurrency: CONTENT_FILES_AT_ONCE },
  );
  let checked = 0;
  contentFiles.forEach(({ contentPath }, index) => {
    const problems = found[index] ?? [];
    for (const problem of problems) report(contentPath, problem);
    if (present.has(contentPath)) checked += 1;
  });
  return finish(inventory.head, checked);
}

/**
 * Problems of one content file, from one read: bytes that no longer match what the store
 * recorded when it wrote them (changed on disk), else its sha512 against the manifest
 * and its fixity digests.
 */
async function checkContentFile(
  store: ObjectStore,
  key: string,
  listedBytes: Buffer | undefined,
  recorded: { manifest: string; store: string | undefined },
  fixity: ReadonlyMap<DigestAlgorithm, string> = new Map(),
): Promise<string[]> {
  const expectations: Array<[DigestAlgorithm, string, string]> = [
    [DIGEST_ALGORITHM, recorded.manifest, 'the manifest'],
    ...[...fixity].map(([algorithm, value]): [DigestAlgorithm, string, string] => [
      algorithm,
      value,
      'the fixity block',
    ]),
  ];
  try {
    const algorithms = [
      ...new Set<DigestAlgorithm>([DIGEST_ALGORITHM, 'sha256', ...fixity.keys()]),
    ];
    const { digests } = listedBytes
      ? await digestBody(listedBytes, algorithms)
      : await store.digestUnverified(key, algorithms);
    const storeProblem = storeRecordProblem(recorded.store, digests.get('sha256') ?? '');
    if (storeProblem !== undefined) return [storeProblem];
    return expectations
      .filter(([algorithm, value]) => digests.get(algorithm) !== value)
      .map(
        ([algorithm, value, where]) =>
          `${algorithm} is ${digests.get(algorithm)}, but ${where} records ${value}`,
      );
  } catch (error) {
    return [`could not be read in full: ${(error as Error).message}`];
  }
}

/** The store wrote other bytes than are there now; `undefined` when they agree or none was recorded (the listing says so). */
function storeRecordProblem(recorded: string | undefined, actual: string): string | undefined {
  if (recorded === undefined || recorded === actual) return undefined;
  return `sha256 mismatch: the store recorded ${recorded} when it wrote the file, but its bytes now hash to ${actual}`;
}

function checkVersionInventory(
  version: string,
  bytes: Buffer | undefined,
  sidecarBytes: Buffer | undefined,
  root: Inventory,
  rootBytes: Buffer,
  report: (path: string, problem: string) => void,
): void {
  const path = joinKey(version, INVENTORY_NAME);
  if (bytes === undefined) {
    report(path, 'the version inventory is missing (heritage writes one with every version)');
    return;
  }
  const sidecarPath = joinKey(version, INVENTORY_SIDECAR_NAME);
  const sidecar = sidecarProblem(sidecarBytes, hexDigest(DIGEST_ALGORITHM, bytes));
  if (sidecar !== undefined) report(sidecarPath, sidecar);
  if (version === root.head) {
    if (!bytes.equals(rootBytes))
      report(path, 'differs from the root inventory, though it is the head');
    return;
  }
  const { inventory, problems } = checkInventory(bytes);
  for (const problem of problems) report(path, problem);
  if (inventory === undefined) return;
  if (inventory.head !== version) report(path, `head is ${inventory.head}, not ${version}`);
  if (inventory.id !== root.id)
    report(path, `id ${JSON.stringify(inventory.id)} differs from the root's`);
  for (const [name, block] of Object.entries(inventory.versions)) {
    if (!isDeepStrictEqual(block, root.versions[name])) {
      report(path, `its ${name} block differs from the root inventory's`);
    }
  }
  for (const [digest, contentPaths] of Object.entries(inventory.manifest)) {
    const rootPaths = new Set(root.manifest[digest] ?? []);
    for (const contentPath of contentPaths) {
      if (!rootPaths.has(contentPath)) {
        report(path, `manifest entry ${contentPath} is not in the root inventory's manifest`);
      }
    }
  }
}

function sidecarProblem(sidecar: Buffer | undefined, digest: string): string | undefined {
  if (sidecar === undefined) return 'the inventory digest sidecar is missing';
  const stated = parseSidecar(sidecar);
  if (stated === undefined) return 'not in the form "DIGEST inventory.json"';
  return stated === digest
    ? undefined
    : `states ${stated}, but the inventory's sha512 is ${digest}`;
}

/** Every file a sound object root holds, relative to it. */
function expectedFiles(inventory: Inventory): Set<string> {
  const files = new Set([OBJECT_NAMASTE_NAME, INVENTORY_NAME, INVENTORY_SIDECAR_NAME]);
  for (const version of Object.keys(inventory.versions)) {
    files.add(joinKey(version, INVENTORY_NAME));
    files.add(joinKey(version, INVENTORY_SIDECAR_NAME));
  }
  for (const paths of Object.values(inventory.manifest)) for (const path of paths) files.add(path);
  return files;
}

/** Content path -> (algorithm -> digest) for the fixity algorithms heritage can compute. */
function fixityByContentPath(inventory: Inventory): Map<string, Map<DigestAlgorithm, string>> {
  const byPath = new Map<string, Map<DigestAlgorithm, string>>();
  for (const algorithm of SUPPORTED_FIXITY) {
    for (const [digest, paths] of Object.entries(inventory.fixity?.[algorithm] ?? {})) {
      for (const path of paths) {
        const digests = byPath.get(path) ?? new Map<DigestAlgorithm, string>();
        digests.set(algorithm, digest.toLowerCase());
        byPath.set(path, digests);
      }
    }
  }
  return byPath;
}
