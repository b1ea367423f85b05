import { readFile, realpath, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout } from 'node:timers/promises';
import lockfile from 'proper-lockfile';

/** A folder held by this process until `release`. */
export interface FolderLock {
  /** Set when another process broke the lock (it was stale too long): stop writing. */
  readonly lostReason: Error | undefined;
  release(): Promise<void>;
}

/** Who holds a lock, written next to it so that the next opener can name them. */
interface LockOwner {
  pid: number;
  hostname: string;
  since: string;
}

/**
 * Thrown when another process (or this one) already has the catalog folder open:
 * two PGlite instances writing one folder would corrupt it.
 */
export class CatalogLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly holderPid: number | undefined,
  ) {
    const holder =
      holderPid === undefined
        ? 'another process'
        : holderPid === process.pid
          ? `this process (pid ${holderPid})`
          : `process ${holderPid}`;
    super(
      `the catalog in ${folder} is already open in ${holder}. Stop that process first, ` +
        'or set DATABASE_URL to a PostgreSQL server that several processes can share.',
    );
    this.name = 'CatalogLockedError';
  }
}

/**
 * How long a lock that is no longer refreshed stays valid. Generous, because PGlite
 * runs queries on the event loop and a long one delays the refresh; a holder that
 * was killed on this machine is recognised at once by its pid instead.
 */
const STALE_AFTER_MS = 60_000;
const REFRESH_EVERY_MS = 10_000;
const OWNER_WRITE_GRACE_MS = 250;

/**
 * Locks `folder` (which must exist) for this process with `proper-lockfile`: a
 * `<folder>.lock` directory kept fresh while held and removed at exit. Throws
 * `CatalogLockedError` naming the holder's pid when the folder is taken.
 */
export async function lockFolder(folder: string): Promise<FolderLock> {
  const canonical = await realpath(folder);
  const lockPath = `${canonical}.lock`;
  const ownerPath = `${canonical}.lock-owner.json`;
  let lostReason: Error | undefined;
  const options: lockfile.LockOptions = {
    realpath: false,
    lockfilePath: lockPath,
    stale: STALE_AFTER_MS,
    update: REFRESH_EVERY_MS,
    onCompromised: (error) => {
      lostReason = error;
    },
  };

  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(canonical, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    await expireLockOfKilledOwner(folder, lockPath, ownerPath);
    try {
      release = await lockfile.lock(canonical, options);
    } catch (retryError) {
      if ((retryError as NodeJS.ErrnoException).code !== 'ELOCKED') throw retryError;
      throw new CatalogLockedError(folder, (await readOwner(ownerPath))?.pid);
    }
  }

  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    since: new Date().toISOString(),
  };
  await writeFile(ownerPath, JSON.stringify(owner));
  return {
    get lostReason() {
      return lostReason;
    },
    async release() {
      await rm(ownerPath, { force: true });
      // A lock already lost to another process is not ours to remove.
      if (!lostReason) await release();
    },
  };
}

/**
 * Throws `CatalogLockedError` unless the lock's owner was killed on this machine; then
 * ages the lock so that proper-lockfile's own stale-lock recovery takes it over.
 */
async function expireLockOfKilledOwner(
  folder: string,
  lockPath: string,
  ownerPath: string,
): Promise<void> {
  const owner = await readOwner(ownerPath);
  if (!owner || !isDeadHereAndNow(owner)) throw new CatalogLockedError(folder, owner?.pid);
  // A new holder writes its owner file just after locking: look again after a pause,
  // so that a previous holder's file is not mistaken for the current one's.
  await setTimeout(OWNER_WRITE_GRACE_MS);
  const ownerAgain = await readOwner(ownerPath);
  if (ownerAgain?.pid !== owner.pid) throw new CatalogLockedError(folder, ownerAgain?.pid);
  // Another opener may have removed the stale lock already; it then holds a new one.
  await utimes(lockPath, 0, 0).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

async function readOwner(ownerPath: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(ownerPath, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.hostname !== 'string') return undefined;
    return { pid: owner.pid, hostname: owner.hostname, since: String(owner.since) };
  } catch {
    // Not written yet by a holder that has just locked, or written by hand: unknown.
    return undefined;
  }
}

/** True when the owner ran on this machine and its process no longer exists. */
function isDeadHereAndNow(owner: LockOwner): boolean {
  if (owner.hostname !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
