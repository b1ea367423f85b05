/**
 * The one place that runs ffmpeg and ffprobe. It starts the argument arrays the pure
 * builders return, unchanged, through the tool launcher (`media/launch/`). fluent-ffmpeg
 * (the project's wrapper) is not used to run them because it cannot do so safely here:
 * it assembles its own argument list (global options after the inputs, `-y` added), its
 * ffprobe call takes no timeout, attaching a progress listener makes it start a second
 * ffprobe on the input without our protocol and format whitelists, it lowers priority
 * only after start through an extra `renice` process, and it has no extra output pipes
 * for streaming the waveform peaks.
 */
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type LaunchedTool, launchTool, type ToolEnd } from '../launch/tool-launcher.js';
import { MediaToolError, type ToolFailure } from './errors.js';
import { LineTail } from './ffmpeg-log.js';

type ExitedTool = Extract<ToolEnd, { kind: 'exited' }>;

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
export async function runTool(run: ToolRun): Promise<ToolResult> {
  if (run.signal?.aborted) throw run.signal.reason;
  const pipeReaders = run.pipeReaders ?? [];
  const tail = new LineTail(30);
  const failureOf = (end: Partial<ExitedTool>, timedOut = false): ToolFailure => ({
    tool: run.tool,
    exitCode: end.exitCode ?? null,
    signal: end.signal ?? null,
    timedOut,
    stderrTail: tail.toArray(),
  });
  const cannotStart = (message: string) =>
    new MediaToolError(
      run.file,
      failureOf({}),
      `${run.tool} could not start (${run.command}): ${message}`,
    );

  let launched: LaunchedTool;
  try {
    launched = await launchTool({
      command: run.command,
      args: run.args,
      env: { ...process.env, AV_LOG_FORCE_NOCOLOR: '1' },
      niceness: childNiceness,
      streams: 2 + pipeReaders.length,
    });
  } catch (error) {
    throw cannotStart(error instanceof Error ? error.message : String(error));
  }
  const [stdout, stderr, ...readerPipes] = launched.streams as [Socket, Socket, ...Socket[]];

  const stdoutChunks: Buffer[] = [];
  let stdoutBytes = 0;
  let timedOut = false;
  let overflow = false;
  let readerError: unknown;

  const kill = () => launched.kill();
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, run.timeoutMs);
  run.signal?.addEventListener('abort', kill, { once: true });
  if (run.signal?.aborted) kill();

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
      read(readerPipes[position] as Readable).catch((error: unknown) => {
        readerError ??= error;
        kill();
      }),
    ),
  );

  const end = await launched.closed;
  clearTimeout(timer);
  run.signal?.removeEventListener('abort', kill);
  await readersDone;
  if (run.signal?.aborted) throw run.signal.reason;
  if (readerError !== undefined) throw readerError;
  if (end.kind === 'failed') throw cannotStart(end.message);
  const failure = failureOf(end, timedOut);
  if (overflow) {
    throw new MediaToolError(
      run.file,
      failure,
      `${run.tool} wrote more than ${run.captureStdoutMaxBytes} bytes`,
    );
  }
  if (timedOut || end.exitCode !== 0) throw new MediaToolError(run.file, failure);
  return { stdout: Buffer.concat(stdoutChunks).toString('utf8') };
}
