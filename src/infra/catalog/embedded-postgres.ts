import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import lockfile from 'proper-lockfile';

/** Where the data folder's private PostgreSQL keeps its cluster, socket and log. */
export interface EmbeddedPostgresPaths {
  /** `<dataDir>/catalog-server`: also the folder of the unix socket. */
  dir: string;
  cluster: string;
  socket: string;
  logFile: string;
}

export function embeddedPostgresPaths(dataDir: string): EmbeddedPostgresPaths {
  const dir = path.join(path.resolve(dataDir), 'catalog-server');
  return {
    dir,
    cluster: path.join(dir, 'cluster'),
    socket: path.join(dir, `.s.PGSQL.${PORT}`),
    logFile: path.join(dir, 'server.log'),
  };
}

/** The role initdb creates and heritage connects as; trust over the socket only. */
const ROLE = 'heritage';
/** Names the socket file; nothing listens on TCP. */
const PORT = 5432;
/** The system user the server runs as when heritage runs as root (PostgreSQL refuses root). */
const SERVER_USER_FOR_ROOT = 'postgres';
/** Longest unix socket path Linux accepts (sun_path is 108 bytes with its NUL). */
const MAX_SOCKET_PATH = 107;

/** The private server cannot be set up or started; the message says what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Folder of `initdb` and `postgres`; default: PATH, then the newest Debian install. */
  binDir?: string;
  /** How long to wait for a new server to answer. Default 60 s (initdb included). */
  startTimeoutMs?: number;
}

/**
 * Returns the connection URL of the data folder's private PostgreSQL server, creating
 * its cluster (initdb) on first use and starting it when no server answers on its
 * socket. The server is a detached process of its own: it outlives the command that
 * started it, so that `serve`, workers and every CLI command share one catalog, and
 * each later command only connects (no database engine in its own memory). A lock
 * around check-then-start keeps two commands starting at once from starting two
 * servers; PostgreSQL's own `postmaster.pid` refuses a second one on the cluster too.
 */
export function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<string> {
  // A start already under way in this process (begun ahead by a command, see
  // `startCatalogServerAhead`) is joined: a second one would wait on the lock below.
  // Nothing is kept once it settles, since the server may be stopped afterwards.
  const dir = embeddedPostgresPaths(options.dataDir).dir;
  const inFlight = startsInFlight.get(dir);
  if (inFlight) return inFlight;
  const starting = startOrConnect(options).finally(() => startsInFlight.delete(dir));
  startsInFlight.set(dir, starting);
  return starting;
}

/** Starts under way in this process, by catalog server folder. */
const startsInFlight = new Map<string, Promise<string>>();

async function startOrConnect(options: EmbeddedPostgresOptions): Promise<string> {
  const paths = embeddedPostgresPaths(options.dataDir);
  if (Buffer.byteLength(paths.socket) > MAX_SOCKET_PATH) {
    throw new EmbeddedPostgresError(
      `the catalog server's socket path ${paths.socket} is longer than the ${MAX_SOCKET_PATH} bytes a unix socket allows: use a shorter data folder path (HERITAGE_DATA_DIR), or set DATABASE_URL`,
    );
  }
  const url = connectionUrl(paths);
  if (await answers(url)) return url;

  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const release = await lockfile.lock(paths.dir, {
    lockfilePath: path.join(path.dirname(paths.dir), 'catalog-server.start.lock'),
    retries: { retries: 600, minTimeout: 50, maxTimeout: 200 },
  });
  try {
    if (await answers(url)) return url;
    const runAs = await serverUser(paths);
    const binDir = await findBinDir(options.binDir);
    if (!existsSync(path.join(paths.cluster, 'PG_VERSION'))) {
      await initCluster(paths, binDir, runAs);
    }
    await startServer(paths, binDir, runAs, url, options.startTimeoutMs ?? 60_000);
    return url;
  } finally {
    await release();
  }
}

/**
 * Stops the data folder's server if one runs (a fast shutdown: open transactions roll
 * back, clients are disconnected) and waits until it is gone.
 */
export async function stopEmbeddedPostgres(dataDir: string, timeoutMs = 30_000): Promise<void> {
  const paths = embeddedPostgresPaths(dataDir);
  let pid: number;
  try {
    pid = Number(
      (await readFile(path.join(paths.cluster, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
  } catch {
    return;
  }
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError(
        `the catalog server (pid ${pid}) did not stop within ${timeoutMs} ms`,
      );
    }
    await sleep(50);
  }
}

function connectionUrl(paths: EmbeddedPostgresPaths): string {
  return `postgresql://${ROLE}@localhost:${PORT}/postgres?host=${encodeURIComponent(paths.dir)}`;
}

async function answers(url: string): Promise<boolean> {
  // A server that accepts but does not answer (starting, or hung) counts as not answering.
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
    query_timeout: 5000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

interface ServerUser {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. As root, the server runs as the `postgres` system
 * user (Debian's postgresql package creates it), owns only its own folder, and gets the
 * one capability to reach that folder through the data folder's parents (which root's
 * temp and home folders close to others): CAP_DAC_READ_SEARCH, read and search only.
 */
async function serverUser(paths: EmbeddedPostgresPaths): Promise<ServerUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) =>
    Number((await promisify(execFile)('id', [flag, SERVER_USER_FOR_ROOT])).stdout.trim());
  let user: ServerUser;
  try {
    const [uid, gid] = await Promise.all([id('-u'), id('-g')]);
    user = { uid, gid };
  } catch {
    throw new EmbeddedPostgresError(
      `heritage runs as root, and PostgreSQL refuses to: the catalog server runs as the system user "${SERVER_USER_FOR_ROOT}", which does not exist. Install PostgreSQL (apt-get install postgresql creates it), run heritage as a normal user, or set DATABASE_URL`,
    );
  }
  const owner = await stat(paths.dir);
  if (owner.uid !== user.uid) await chown(paths.dir, user.uid, user.gid);
  return user;
}

async function findBinDir(configured: string | undefined): Promise<string> {
  const candidates = configured
    ? [configured]
    : [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...debianBinDirs()];
  for (const dir of candidates) {
    if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'))) {
      return dir;
    }
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL's initdb and postgres were not found${configured ? ` in ${configured} (POSTGRES_BIN_DIR)` : ' on PATH or in /usr/lib/postgresql/*/bin'}. Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql), or set DATABASE_URL`,
  );
}

function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  // Newest major version first.
  return ['17', '16', '15', '14', '13'].map((major) => path.join(root, major, 'bin'));
}

/** Runs initdb aside and renames the result into place: a half-built cluster is never used. */
async function initCluster(
  paths: EmbeddedPostgresPaths,
  binDir: string,
  runAs: ServerUser | undefined,
): Promise<void> {
  const building = `${paths.cluster}.building`;
  await rm(building, { recursive: true, force: true });
  const args = ['-D', building, '-U', ROLE, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'];
  try {
    await promisify(execFile)(...command(path.join(binDir, 'initdb'), args, runAs));
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    const { stderr } = error as { stderr?: string };
    throw new EmbeddedPostgresError(
      `initdb of the catalog cluster in ${paths.cluster} failed: ${stderr?.trim() || (error as Error).message}`,
      { cause: error },
    );
  }
  await rename(building, paths.cluster);
}

async function startServer(
  paths: EmbeddedPostgresPaths,
  binDir: string,
  runAs: ServerUser | undefined,
  url: string,
  timeoutMs: number,
): Promise<void> {
  const log = await open(paths.logFile, 'a');
  if (runAs) await chown(paths.logFile, runAs.uid, runAs.gid);
  const args = [
    '-D',
    paths.cluster,
    '-k',
    paths.dir,
    '-p',
    String(PORT),
    '-c',
    'listen_addresses=',
    '-c',
    'unix_socket_permissions=0700',
    // A catalog, not a shared server: small buffers, enough connections for a few workers.
    '-c',
    'shared_buffers=32MB',
    '-c',
    'max_connections=100',
  ];
  const [file, argv] = command(path.join(binDir, 'postgres'), args, runAs);
  const server = spawn(file, argv, { detached: true, stdio: ['ignore', log.fd, log.fd] });
  let exit: string | undefined;
  server.on('exit', (code, signal) => {
    exit = signal ?? String(code);
  });
  server.on('error', (error) => {
    exit = error.message;
  });
  server.unref();
  await log.close();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      throw new EmbeddedPostgresError(
        `the catalog server exited (${exit}) while starting; the end of ${paths.logFile}:\n${await logTail(paths.logFile)}`,
      );
    }
    if (await answers(url)) return;
    await sleep(50);
  }
  throw new EmbeddedPostgresError(
    `the catalog server did not answer on ${paths.socket} within ${timeoutMs} ms; see ${paths.logFile}`,
  );
}

function command(file: string, args: string[], runAs: ServerUser | undefined): [string, string[]] {
  if (!runAs) return [file, args];
  return [
    'setpriv',
    [
      `--reuid=${runAs.uid}`,
      `--regid=${runAs.gid}`,
      '--clear-groups',
      '--inh-caps=+dac_read_search',
      '--ambient-caps=+dac_read_search',
      '--',
      file,
      ...args,
    ],
  ];
}

async function logTail(logFile: string, lines = 10): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
