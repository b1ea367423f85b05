/**
 * The one place that starts ffmpeg and ffprobe. It spawns the argument arrays the pure
 * builders return, unchanged. fluent-ffmpeg (the project's wrapper) is not used to run
 * them because it cannot do so safely here: it assembles its own argument list (global
 * options after the inputs, `-y` added), its ffprobe call takes no timeout, attaching a
 * progress listener makes it start a second ffprobe on the input without our protocol
 * and format whitelists, it lowers priority only after start through an extra `renice`
 * process, and it has no extra output pipes for streaming the waveform peaks.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { MediaToolError, type ToolFailure } from './errors.js';
import { LineTail } from './ffmpeg-log.js';

/** Niceness of every child: archive work must not starve the API or the queue's lock renewals. */
const childNiceness = 10;

export interface ToolRun {
  tool: 'ffmpeg' | 'ffprobe';
  /** Executable path or name on PATH. */
  command: string;
  args: string[];
  /** The input being worked on, for error messages. */
  file: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /** Collect stdout as text, failing past this many bytes (for ffprobe's JSON). */
  captureStdoutMaxBytes?: number;
  /**
   * Inputs fed through pipes of their own (file descriptors after the readers' pipes,
   * e.g. `pipe:3`, `pipe:4` when there are no readers), each given as chunks in order.
   */
  inputPipes?: readonly (readonly Uint8Array[])[];
  /** Readers for extra output pipes, file descriptors 3, 4, ... in order. */
  pipeReaders?: Array<(pipe: Readable) => Promise<unknown>>;
}

export interface ToolResult {
  stdout: string;
}

/**
 * Runs one tool to completion with lowered priority, a timeout and abort support.
 * Rejects with `MediaToolError` (stderr tail included) when it fails, or with the
 * signal's reason when aborted.
 */
export function runTool(run: ToolRun): Promise<ToolResult> {
  return new Promise<ToolResult>((resolve, reject) => {
    if (run.signal?.aborted) {
      reject(run.signal.reason);
      return;
    }
    const pipeReaders = run.pipeReaders ?? [];
    const inputPipes = run.inputPipes ?? [];
    const child = spawn(run.command, run.args, {
      stdio: [
        'ignore',
        'pipe',
        'pipe',
        ...pipeReaders.map(() => 'pipe' as const),
        ...inputPipes.map(() => 'pipe' as const),
      ],
      env: { ...process.env, AV_LOG_FORCE_NOCOLOR: '1' },
      windowsHide: true,
    });
    lowerPriority(child.pid);
    // Both are pipes because stdio says so; the check only satisfies the type.
    const { stdout, stderr } = child;
    if (!stdout || !stderr) throw new Error('spawn returned no stdout/stderr pipes');

    for (const [position, chunks] of inputPipes.entries()) {
      const pipe = child.stdio[3 + pipeReaders.length + position] as Writable | null;
      if (!pipe) continue;
      // A tool that stops reading early (a bad input, a kill) closes the pipe: its exit
      // status reports the failure, so the write's EPIPE is not a second one.
      pipe.on('error', () => undefined);
      for (const chunk of chunks) pipe.write(chunk);
      pipe.end();
    }

    const tail = new LineTail(30);
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let timedOut = false;
    let overflow = false;
    let startError: Error | undefined;
    let readerError: unknown;

    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, run.timeoutMs);
    run.signal?.addEventListener('abort', kill, { once: true });

    if (run.captureStdoutMaxBytes !== undefined) {
      const limit = run.captureStdoutMaxBytes;
      stdout.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > limit) {
          overflow = true;
          kill();
        } else {
          stdoutChunks.push(chunk);
        }
      });
    } else if (run.onStdoutLine) {
      createInterface({ input: stdout, crlfDelay: Number.POSITIVE_INFINITY }).on(
        'line',
        run.onStdoutLine,
      );
    } else {
      stdout.resume();
    }
    createInterface({ input: stderr, crlfDelay: Number.POSITIVE_INFINITY }).on(
      'line',
      (line: string) => {
        tail.push(line);
        run.onStderrLine?.(line);
      },
    );
    const readersDone = Promise.all(
      pipeReaders.map((read, position) =>
        read(child.stdio[3 + position] as Readable).catch((error: unknown) => {
          readerError ??= error;
          kill();
        }),
      ),
    );

    child.on('error', (error) => {
      startError = error;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', kill);
      void readersDone.then(() => {
        if (run.signal?.aborted) {
          reject(run.signal.reason);
          return;
        }
        if (readerError !== undefined) {
          reject(readerError);
          return;
        }
        const failure: ToolFailure = {
          tool: run.tool,
          exitCode,
          signal,
          timedOut,
          stderrTail: tail.toArray(),
        };
        if (startError) {
          reject(
            new MediaToolError(
              run.file,
              failure,
              `${run.tool} could not start (${run.command}): ${startError.message}`,
            ),
          );
        } else if (overflow) {
          reject(
            new MediaToolError(
              run.file,
              failure,
              `${run.tool} wrote more than ${run.captureStdoutMaxBytes} bytes`,
            ),
          );
        } else if (timedOut || exitCode !== 0) {
          reject(new MediaToolError(run.file, failure));
        } else {
          resolve({ stdout: Buffer.concat(stdoutChunks).toString('utf8') });
        }
      });
    });
  });
}

function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, childNiceness);
  } catch {
    // The child may already have exited, or the platform may refuse: priority is a courtesy.
  }
}
