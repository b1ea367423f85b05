import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Tesseract from 'tesseract.js';
import { deathSignal } from './death-signal.js';
import { startAllOrNone } from './start-all-or-none.js';
import type { TesseractChildAnswer, TesseractChildRequest } from './tesseract-child-messages.js';
import type { TesseractPool, TesseractPoolSpec } from './tesseract-pool.js';

/** The child's module beside this one: compiled JavaScript, or TypeScript (through tsx) under the tests. */
const thisModule = fileURLToPath(import.meta.url);
const childModule = path.join(
  path.dirname(thisModule),
  `tesseract-child${path.extname(thisModule)}`,
);
const childExecArgv = childModule.endsWith('.ts') ? ['--import', 'tsx'] : [];

/** How long a closed child may take to end before it is killed. */
const CLOSE_GRACE_MS = 5_000;

type Ask = (request: DistributiveOmit<TesseractChildRequest, 'id'>) => Promise<unknown>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Child {
  process: ChildProcess;
  ask: Ask;
  /** Requests sent and not answered yet. */
  pending: () => number;
}

/**
 * `size` tesseract.js workers, each in a child process of its own, behind one queue.
 * One worker in a process keeps every process near 200 MB, where two in the process
 * that launches ffmpeg made it twice that, and made each launch dearer (Node copies the
 * whole process's page tables to start a child). As with worker threads, once a child
 * dies every call fails until a new pool starts.
 */
export async function startTesseractProcessPool(spec: TesseractPoolSpec): Promise<TesseractPool> {
  let closing = false;
  const { died: childDied, die: rejectOnDeath } = deathSignal();

  const children = await startAllOrNone(
    spec.size,
    () => startChild(spec),
    (child) => endChild(child.process),
  );
  for (const child of children) {
    // Its channel closes before its exit is heard of: either means it is gone.
    child.process.on('disconnect', () => {
      if (!closing) rejectOnDeath(new Error('a tesseract.js process ended'));
    });
  }

  const leastBusy = () =>
    children.reduce((best, child) => (child.pending() < best.pending() ? child : best));
  const ask = (request: Parameters<Ask>[0]) => {
    if (closing) return Promise.reject(new Error('the tesseract.js processes are closed'));
    return Promise.race([leastBusy().ask(request), childDied]);
  };
  return {
    recognize: async (image, parameters, output) =>
      (await ask({ kind: 'recognize', image, parameters, output })) as Tesseract.Page,
    detect: async (image) => (await ask({ kind: 'detect', image })) as Tesseract.DetectData,
    close: async () => {
      closing = true;
      await Promise.all(children.map((child) => endChild(child.process)));
    },
  };
}

async function startChild(spec: TesseractPoolSpec): Promise<Child> {
  const child = fork(childModule, [JSON.stringify(spec)], {
    execArgv: childExecArgv,
    // One malloc arena: the page copies a worker thread frees stay in its own arena
    // otherwise, which held the process 30-50 MB higher on A4 pages at 300 dpi.
    env: { ...process.env, MALLOC_ARENA_MAX: '1' },
    // Buffers travel as bytes, not as JSON arrays of numbers.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<
    number,
    { resolve: (data: unknown) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  let startTimer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      startTimer = setTimeout(
        () =>
          reject(
            new Error(`a tesseract.js process did not start within ${spec.startTimeoutMs} ms`),
          ),
        // The child's own start-up (Node.js, its modules) comes on top of the worker's.
        spec.startTimeoutMs + 10_000,
      );
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(
          new Error(`a tesseract.js process exited (${signal ?? `code ${code}`}) as it started`),
        ),
      );
      child.once('message', (message: TesseractChildAnswer) => {
        if (message.kind === 'started') resolve();
        else if (message.kind === 'failed') reject(new Error(message.message));
      });
    });
  } catch (error) {
    await endChild(child);
    throw error;
  } finally {
    clearTimeout(startTimer);
    child.removeAllListeners('error');
    child.removeAllListeners('exit');
    child.removeAllListeners('message');
  }

  child.on('message', (message: TesseractChildAnswer) => {
    if (message.kind !== 'answer' && message.kind !== 'error') return;
    const request = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.kind === 'answer') request?.resolve(message.data);
    else request?.reject(new Error(message.message));
  });
  // An 'error' event with no listener would end this process; the exit that follows is what counts.
  child.on('error', () => {});
  child.on('exit', (code, signal) => {
    for (const request of waiting.values()) {
      request.reject(new Error(`a tesseract.js process exited (${signal ?? `code ${code}`})`));
    }
    waiting.clear();
  });
  return {
    process: child,
    pending: () => waiting.size,
    ask: (request) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ ...request, id } satisfies TesseractChildRequest, (error) => {
          if (!error) return;
          waiting.delete(id);
          reject(new Error(`a tesseract.js process could not be reached: ${error.message}`));
        });
      }),
  };
}

/** Asks the child to end (by closing its channel), then kills it if it does not. */
async function endChild(child: ChildProcess): Promise<void> {
  // Never started (no pid), or already gone.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
