import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BodyDigests, DigestAlgorithm } from './body-digests.js';

/** Bytes a thread reads at a time. */
const READ_CHUNK_BYTES = 1024 ** 2;

/**
 * The thread's code, run as a script: a module file of its own would have to be found
 * beside the compiled store and, under the tests, compiled from TypeScript first. It
 * reads with blocking calls, which suit a thread that does nothing else, and reads no
 * further than the size found when the file was opened, as a whole read does.
 */
const THREAD_SCRIPT = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { readSync } = require('node:fs');
const chunk = Buffer.allocUnsafe(${READ_CHUNK_BYTES});
parentPort.on('message', ({ handle, size, algorithms }) => {
  let answer;
  try {
    const hashes = algorithms.map((algorithm) => createHash(algorithm));
    let done = 0;
    while (done < size) {
      const read = readSync(handle.fd, chunk, 0, Math.min(chunk.length, size - done), done);
      if (read === 0) break;
      for (const hash of hashes) hash.update(chunk.subarray(0, read));
      done += read;
    }
    answer = { digests: hashes.map((hash) => hash.digest('hex')), size: done };
  } catch (error) {
    answer = { error: { message: String(error && error.message), code: error && error.code } };
  }
  const send = () => parentPort.postMessage(answer);
  handle.close().then(send, send);
});
`;

/** The thread failed, not the file: the caller may hash the file another way. */
export class HashingThreadError extends Error {
  constructor(cause: unknown) {
    super(`a hashing thread failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'HashingThreadError';
  }
}

type ThreadAnswer =
  | { digests: string[]; size: number }
  | { error: { message: string; code?: string } };

interface Task {
  handle: FileHandle;
  size: number;
  algorithms: readonly DigestAlgorithm[];
  resolve: (digests: BodyDigests) => void;
  reject: (error: Error) => void;
}

/**
 * Threads that hash whole files, one file each at a time, so that large files are hashed
 * on every core while the main thread goes on reading the small ones: a fixity check of
 * recordings is mostly hashing. A file passes to a thread as its open handle (no bytes
 * are copied between threads), and the thread closes it. Threads start with the first
 * file and hold the process open only while they hash.
 */
export class HashingThreads {
  readonly #limit: number;
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #queue: Task[] = [];
  #closed = false;

  constructor(limit = os.availableParallelism()) {
    this.#limit = Math.max(1, limit);
  }

  /** The digests of the first `size` bytes of an open file; the handle is closed either way. */
  digest(
    handle: FileHandle,
    size: number,
    algorithms: readonly DigestAlgorithm[],
  ): Promise<BodyDigests> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        void handle.close().catch(() => {});
        reject(new HashingThreadError(new Error('the hashing threads were closed')));
        return;
      }
      this.#queue.push({ handle, size, algorithms, resolve, reject });
      this.#next();
    });
  }

  /** Ends every thread; files still waiting for one fail with `HashingThreadError`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) {
      void task.handle.close().catch(() => {});
      task.reject(new HashingThreadError(new Error('the hashing threads were closed')));
    }
    await Promise.all([...this.#all].map((thread) => thread.terminate()));
  }

  #next(): void {
    while (this.#queue.length > 0) {
      let thread = this.#idle.pop();
      if (thread === undefined && this.#all.size < this.#limit) {
        try {
          thread = this.#start();
        } catch (error) {
          // No thread to be had (the process's limits): the file is hashed another way.
          const task = this.#queue.shift() as Task;
          void task.handle.close().catch(() => {});
          task.reject(new HashingThreadError(error));
          continue;
        }
      }
      if (thread === undefined) return;
      this.#run(thread, this.#queue.shift() as Task);
    }
  }

  #start(): Worker {
    // None of the process's flags: a loader or `--input-type=module` would change how the
    // script runs, and cost the thread's start.
    const thread = new Worker(THREAD_SCRIPT, { eval: true, execArgv: [] });
    this.#all.add(thread);
    // A thread that ends while idle is forgotten; its error is its task's, if it had one.
    thread.on('error', () => {});
    thread.once('exit', () => {
      this.#all.delete(thread);
      const idle = this.#idle.indexOf(thread);
      if (idle >= 0) this.#idle.splice(idle, 1);
    });
    return thread;
  }

  #run(thread: Worker, task: Task): void {
    const done = () => {
      thread.off('message', answered);
      thread.off('error', failed);
      thread.off('exit', exited);
    };
    const answered = (answer: ThreadAnswer) => {
      done();
      thread.unref();
      this.#idle.push(thread);
      this.#next();
      if ('error' in answer) {
        task.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      } else {
        task.resolve({
          digests: new Map(
            task.algorithms.map((algorithm, index) => [algorithm, answer.digests[index] ?? '']),
          ),
          size: answer.size,
        });
      }
    };
    const failed = (error: unknown) => {
      done();
      this.#all.delete(thread);
      void thread.terminate();
      task.reject(new HashingThreadError(error));
      this.#next();
    };
    const exited = (code: number) => failed(new Error(`the thread exited with code ${code}`));
    thread.on('message', answered);
    thread.on('error', failed);
    thread.on('exit', exited);
    thread.ref();
    try {
      thread.postMessage(
        { handle: task.handle, size: task.size, algorithms: [...task.algorithms] },
        [task.handle],
      );
    } catch (error) {
      void task.handle.close().catch(() => {});
      failed(error);
    }
  }
}
