/**
 * Starts tools through the tool launcher (`tool-launcher-process.ts`), a small process
 * forked once and kept while this one lives, so that this process never pays for a
 * launch in proportion to its own memory. A launcher that dies fails the launches it
 * held; the next launch starts a new one.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { moduleBeside } from './module-beside.js';
import {
  type LauncherAnswer,
  type LauncherRequest,
  type LaunchSpec,
  MAX_TOOL_STREAMS,
} from './tool-launcher-messages.js';

export { type LaunchSpec, MAX_TOOL_STREAMS } from './tool-launcher-messages.js';

const launcherModule = moduleBeside(import.meta.url, 'tool-launcher-process');

/** Node.js and a few of its own modules start in well under a second; tsx under the tests in a few. */
const START_TIMEOUT_MS = 30_000;

export type ToolEnd =
  | { kind: 'exited'; exitCode: number | null; signal: NodeJS.Signals | null }
  /** It could not start; `code` is the system's error code, e.g. `ENOENT`. */
  | { kind: 'failed'; message: string; code?: string };

export interface LaunchedTool {
  /** The tool's file descriptors 1, 2, 3, ... Write to an input only once `started` is true. */
  streams: Socket[];
  /** True once the tool runs; false if it could not start (`closed` says why). */
  started: Promise<boolean>;
  /** How the tool ended, once it has and every stream has closed. */
  closed: Promise<ToolEnd>;
  /** Kills the tool (or gives up its launch, if it has not started yet). */
  kill(): void;
}

interface Launch {
  started: (started: boolean) => void;
  ended: (end: ToolEnd) => void;
  streams: Socket[];
}

interface Launcher {
  process: ChildProcess;
  socketPath: string;
  token: string;
  launches: Map<number, Launch>;
}

let current: Promise<Launcher> | undefined;
let nextId = 0;

/** Starts `spec` through the launcher, starting the launcher first if none runs. */
export async function launchTool(spec: LaunchSpec): Promise<LaunchedTool> {
  // The launcher would refuse the sockets past its limit, and the launch would wait for them.
  if (spec.streams > MAX_TOOL_STREAMS)
    throw new Error(
      `${spec.command} asks for ${spec.streams} streams; a tool takes at most ${MAX_TOOL_STREAMS}`,
    );
  const launcher = await runningLauncher();
  const id = nextId++;
  let isStarted = false;
  let resolveStarted!: (started: boolean) => void;
  const startedPromise = new Promise<boolean>((resolve) => {
    resolveStarted = resolve;
  });
  const started = (value: boolean) => {
    isStarted ||= value;
    resolveStarted(value);
  };
  let ended!: (end: ToolEnd) => void;
  const endPromise = new Promise<ToolEnd>((resolve) => {
    ended = (end) => {
      started(false);
      resolve(end);
    };
  });
  const send = (request: LauncherRequest) => {
    if (launcher.process.connected) launcher.process.send(request);
  };
  const kill = () => send({ kind: 'kill', id });

  const streams = Array.from({ length: spec.streams }, (_, index) => {
    const socket = connect(launcher.socketPath);
    // Before the tool starts, a stream that fails gives up the launch; after, the
    // tool's exit status tells how it went.
    socket.on('error', () => {
      if (!isStarted) kill();
    });
    socket.write(`${launcher.token} ${id} ${index + 1}\n`);
    return socket;
  });
  launcher.launches.set(id, { started, ended, streams });
  if (launcher.launches.size === 1) launcher.process.channel?.ref();
  send({ kind: 'launch', id, ...spec });

  const closed = Promise.all([
    endPromise,
    ...streams.map((socket) => new Promise((resolve) => socket.once('close', resolve))),
  ]).then(([end]) => end);
  return { streams, started: startedPromise, closed, kill };
}

/**
 * The launcher, started if none runs. One that has just died is replaced once; a second
 * that dies as it starts fails the launch.
 */
async function runningLauncher(): Promise<Launcher> {
  for (let attempt = 1; ; attempt++) {
    current ??= startLauncher();
    const starting = current;
    let launcher: Launcher | undefined;
    try {
      launcher = await starting;
    } finally {
      if (current === starting && !launcher?.process.connected) current = undefined;
    }
    if (launcher.process.connected) return launcher;
    if (attempt === 2) throw new Error('the tool launcher exited as it started');
  }
}

async function startLauncher(): Promise<Launcher> {
  const child = fork(launcherModule.path, [], {
    execArgv: launcherModule.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The launcher never keeps this process alive: only launches in flight do.
  child.unref();
  let startTimer: NodeJS.Timeout | undefined;
  let ready: Extract<LauncherAnswer, { kind: 'ready' }>;
  try {
    ready = await new Promise((resolve, reject) => {
      startTimer = setTimeout(
        () => reject(new Error(`the tool launcher did not start within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`the tool launcher exited (${signal ?? `code ${code}`}) as it started`)),
      );
      child.once('message', (message: LauncherAnswer) => {
        if (message.kind === 'ready') resolve(message);
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(startTimer);
    for (const event of ['error', 'exit', 'message']) child.removeAllListeners(event);
  }

  const launcher: Launcher = {
    process: child,
    socketPath: ready.socketPath,
    token: ready.token,
    launches: new Map(),
  };
  child.channel?.unref();
  // Once this process has nothing left to do, it ends the launcher and waits for it, so
  // that the launcher's time (and its tools') counts as this process's children's.
  process.once('beforeExit', () => {
    if (!child.connected) return;
    child.ref();
    child.disconnect();
  });
  child.on('message', (message: LauncherAnswer) => {
    if (message.kind === 'ready') return;
    const launch = launcher.launches.get(message.id);
    if (!launch) return;
    if (message.kind === 'started') {
      launch.started(true);
      return;
    }
    launcher.launches.delete(message.id);
    if (launcher.launches.size === 0) child.channel?.unref();
    launch.ended(
      message.kind === 'exited'
        ? { kind: 'exited', exitCode: message.exitCode, signal: message.signal }
        : {
            kind: 'failed',
            message: message.message,
            ...(message.code ? { code: message.code } : {}),
          },
    );
  });
  // An 'error' event with no listener would end this process; the exit that follows is what counts.
  child.on('error', () => {});
  child.on('exit', (code, signal) => {
    // A launcher ended by its parent removes its folder itself; a killed one cannot.
    rm(path.dirname(launcher.socketPath), { recursive: true, force: true }).catch(() => {});
    for (const launch of launcher.launches.values()) {
      for (const socket of launch.streams) socket.destroy();
      launch.ended({
        kind: 'failed',
        message: `the tool launcher exited (${signal ?? `code ${code}`})`,
      });
    }
    launcher.launches.clear();
  });
  return launcher;
}
