import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import type Tesseract from 'tesseract.js';
import { moduleBeside } from '../launch/module-beside.js';
import { deathSignal } from './death-signal.js';
import { startAllOrNone } from './start-all-or-none.js';
import type {
  TesseractChildAnswer,
  TesseractChildRequest,
  TesseractChildSpec,
} from './tesseract-child-messages.js';
import type { TesseractPool } from './tesseract-pool.js';

const childModule = moduleBeside(import.meta.url, 'tesseract-child');

/** How long a closed child may take to end before it is killed. */
const CLOSE_GRACE_MS = 5_000;

/**
 * A child whose memory has passed this after a page is replaced. A tesseract.js worker
 * never gives memory back and grows by up to about 30 MB with an A4 page at 300 dpi,
 * even one it has read before: a child starts near 140 MB, reaches 210-220 MB with its
 * first such page, and drifted to 250-276 MB over twenty pages before children were
 * replaced. A lower limit would replace most children after their first page.
 */
export const RECYCLE_ABOVE_BYTES = 224 * 1024 * 1024;

type Ask = (request: DistributiveOmit<TesseractChildRequest, 'id'>) => Promise<ChildAnswer>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ChildAnswer = Extract<TesseractChildAnswer, { kind: 'answer' }>;

interface Child {
  process: ChildProcess;
  ask: Ask;
  /** Requests sent and not answered yet. */
  pending: () => number;
  /** Being replaced: it takes no new request and ends once its last one is answered. */
  retired: boolean;
}

/** One place in the pool: the child serving it (or its replacement, while it starts). */
interface Slot {
  child: Promise<Child>;
  /** Requests given to this slot and not answered yet, whichever child serves them. */
  pending: number;
}

export interface TesseractProcessPoolSpec extends TesseractChildSpec {
  size: number;
  /** Replace a child whose memory passes this after a page (default `RECYCLE_ABOVE_BYTES`). */
  recycleAboveBytes?: number;
}

/**
 * `size` tesseract.js workers, each in a child process of its own, behind one queue.
 * One worker in a process keeps every process near 200 MB, where two in the process
 * that launches ffmpeg made it twice that, and made each launch dearer (Node copies the
 * whole process's page tables to start a child). A child grown past `recycleAboveBytes`
 * is replaced between pages. As with worker threads, once a child dies (or a
 * replacement cannot start) every call fails until a new pool starts.
 */
export async function startTesseractProcessPool(
  spec: TesseractProcessPoolSpec,
): Promise<TesseractPool> {
  const { size, recycleAboveBytes = RECYCLE_ABOVE_BYTES, ...childSpec } = spec;
  let closing = false;
  const { died: childDied, die: rejectOnDeath } = deathSignal();
  /** Every child not yet exited, retired ones finishing their pages included: `close()` ends them all. */
  const living = new Set<ChildProcess>();

  const watched = (child: Child) => {
    living.add(child.process);
    child.process.once('exit', () => living.delete(child.process));
    // Its channel closes before its exit is heard of: either means it is gone.
    child.process.on('disconnect', () => {
      if (!closing && !child.retired) rejectOnDeath(new Error('a tesseract.js process ended'));
    });
    return child;
  };
  const slots: Slot[] = (
    await startAllOrNone(
      size,
      () => startChild(childSpec).then(watched),
      (child) => endChild(child.process),
    )
  ).map((child) => ({ child: Promise.resolve(child), pending: 0 }));

  const retire = (slot: Slot, child: Child) => {
    if (closing || child.retired) return;
    child.retired = true;
    const replacement = startChild(childSpec).then(watched);
    replacement.catch((error: Error) =>
      rejectOnDeath(new Error(`a tesseract.js process could not be replaced: ${error.message}`)),
    );
    slot.child = replacement;
  };
  const endIfRetiredAndIdle = (child: Child) => {
    // Its end is awaited by nobody but `close()`, which ends it again if need be.
    if (child.retired && child.pending() === 0) endChild(child.process).catch(() => {});
  };

  const ask = async (request: Parameters<Ask>[0]): Promise<unknown> => {
    if (closing) throw new Error('the tesseract.js processes are closed');
    const slot = slots.reduce((best, each) => (each.pending < best.pending ? each : best));
    slot.pending += 1;
    let child: Child | undefined;
    try {
      child = await Promise.race([slot.child, childDied]);
      const answer = await Promise.race([child.ask(request), childDied]);
      if (answer.rss > recycleAboveBytes) retire(slot, child);
      return answer.data;
    } finally {
      slot.pending -= 1;
      if (child) endIfRetiredAndIdle(child);
    }
  };
  return {
    recognize: async (image, parameters, output) =>
      (await ask({ kind: 'recognize', image, parameters, output })) as Tesseract.Page,
    detect: async (image) => (await ask({ kind: 'detect', image })) as Tesseract.DetectData,
    close: async () => {
      closing = true;
      // Replacements still starting join `living` (or fail) first.
      await Promise.allSettled(slots.map((slot) => slot.child));
      await Promise.all([...living].map(endChild));
    },
  };
}

async function startChild(spec: TesseractChildSpec): Promise<Child> {
  const child = fork(childModule.path, [JSON.stringify(spec)], {
    execArgv: childModule.execArgv,
    // One malloc arena: the page copies a worker thread frees stay in its own arena
    // otherwise, which held the process 30-50 MB higher on A4 pages at 300 dpi.
    env: { ...process.env, MALLOC_ARENA_MAX: '1' },
    // Buffers travel as bytes, not as JSON arrays of numbers.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<
    number,
    { resolve: (answer: ChildAnswer) => void; reject: (e: Error) => void }
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
    if (message.kind === 'answer') request?.resolve(message);
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
    retired: false,
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
