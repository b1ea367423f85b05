/**
 * The tool launcher: a small process that starts tools (ffmpeg, ffprobe, poppler) for
 * the process that forked it (`tool-launcher.ts`). Starting a child costs a process in
 * proportion to its own memory: Node copies the whole process's page tables, and every
 * page the parent writes afterwards faults once. From a 150-270 MB archive process that
 * was 15-50 ms of CPU per launch on a 2-core machine, most of it on its main thread;
 * from here it is a few milliseconds, on another core. It imports nothing but Node's own
 * modules and its messages' definitions, to stay small.
 *
 * Each tool's streams are sockets the parent opens to this process: they become the
 * tool's file descriptors 1, 2, 3, ... and this process closes its copies once the tool
 * has them, so the bytes go straight between the tool and the parent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import {
  type LauncherAnswer,
  type LauncherRequest,
  type LaunchSpec,
  MAX_TOOL_STREAMS,
} from './tool-launcher-messages.js';

/** A connection's first line is short; anything longer is not from the parent. */
const MAX_FIRST_LINE = 128;

interface Launch {
  spec?: LaunchSpec;
  /** Sockets by file descriptor, 1 first. */
  streams: (Socket | undefined)[];
  tool?: ChildProcess;
}

const answer = (message: LauncherAnswer) => {
  // A parent that has just gone fails the send; its 'disconnect' follows and ends all.
  if (process.connected) process.send?.(message, undefined, undefined, () => {});
};
const launches = new Map<number, Launch>();
/** Launches given up before their tool started: rare (a timeout or a failed connection). */
const cancelled = new Set<number>();
const token = randomBytes(16).toString('hex');
// mkdtemp makes the folder for this user alone (0700): no other user can connect.
const folder = mkdtempSync(path.join(tmpdir(), 'heritage-tools-'));
const socketPath = path.join(folder, 'socket');

const launchOf = (id: number): Launch => {
  let launch = launches.get(id);
  if (!launch) {
    launch = { streams: [] };
    launches.set(id, launch);
  }
  return launch;
};

const end = (id: number, message: LauncherAnswer) => {
  const launch = launches.get(id);
  if (!launch) return; // its end has been told
  launches.delete(id);
  for (const socket of launch.streams) socket?.destroy();
  answer(message);
};

/**
 * Makes a socket's file blocking, as the tool expects its pipes to be. The tool gets
 * the same open file as this process, and Node opens sockets non-blocking: libuv makes
 * the tool's descriptors 0-2 blocking as it starts it, but not 3 and above, where a
 * read or write that would wait fails with EAGAIN instead. Node has no public call for
 * this; its socket handles have had `setBlocking` since 0.x. Called right before the
 * launch, in the same tick as this process closes its copies, so this process never
 * reads one of them blocking.
 */
function blocking(socket: Socket): void {
  (
    socket as unknown as { _handle?: { setBlocking?: (on: boolean) => number } }
  )._handle?.setBlocking?.(true);
}

/** Starts the tool once its request and every one of its sockets have arrived. */
const startIfComplete = (id: number) => {
  const launch = launchOf(id);
  const { spec } = launch;
  if (!spec || launch.tool) return;
  const streams = launch.streams.slice(0, spec.streams);
  if (streams.length < spec.streams || streams.includes(undefined)) return;
  for (const socket of streams) blocking(socket as Socket);
  let tool: ChildProcess;
  try {
    tool = spawn(spec.command, spec.args, {
      stdio: ['ignore', ...(streams as Socket[])],
      env: spec.env,
      windowsHide: true,
    });
  } catch (error) {
    end(id, {
      kind: 'failed',
      id,
      message: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  launch.tool = tool;
  tool.once('error', (error: NodeJS.ErrnoException) =>
    end(id, {
      kind: 'failed',
      id,
      message: error.message,
      ...(error.code ? { code: error.code } : {}),
    }),
  );
  tool.once('exit', (exitCode, signal) => end(id, { kind: 'exited', id, exitCode, signal }));
  // The tool holds its own copies now (or could not start: 'error' follows).
  for (const socket of streams) socket?.destroy();
  launch.streams = [];
  if (tool.pid === undefined) return;
  try {
    setPriority(tool.pid, spec.niceness);
  } catch {
    // The tool may already have exited, or the platform may refuse: priority is a courtesy.
  }
  answer({ kind: 'started', id });
};

/**
 * Kills a started tool; a launch still waiting for its sockets is given up, and one
 * that arrives for it later is closed.
 */
const kill = (id: number) => {
  const launch = launches.get(id);
  if (!launch) return; // it has ended
  if (!launch.tool) {
    end(id, { kind: 'exited', id, exitCode: null, signal: 'SIGKILL' });
    cancelled.add(id);
  } else if (launch.tool.exitCode === null && launch.tool.signalCode === null) {
    launch.tool.kill('SIGKILL');
  }
};

const server = createServer((socket) => {
  socket.on('error', () => socket.destroy());
  let firstLine = '';
  const readFirstLine = (chunk: Buffer) => {
    firstLine += chunk.toString('latin1');
    const newline = firstLine.indexOf('\n');
    if (newline === -1) {
      if (firstLine.length > MAX_FIRST_LINE) socket.destroy();
      return;
    }
    socket.off('data', readFirstLine);
    socket.pause();
    const [given, idText, fdText] = firstLine.slice(0, newline).split(' ');
    const id = Number(idText);
    const fd = Number(fdText);
    // The parent writes nothing more before the tool has started.
    const valid =
      given === token &&
      newline === firstLine.length - 1 &&
      Number.isInteger(id) &&
      Number.isInteger(fd) &&
      fd >= 1 &&
      fd <= MAX_TOOL_STREAMS;
    const launch = valid ? launches.get(id) : undefined;
    if (!valid || launch?.tool || launch?.streams[fd - 1] || cancelled.has(id)) {
      socket.destroy();
      return;
    }
    launchOf(id).streams[fd - 1] = socket;
    startIfComplete(id);
  };
  socket.on('data', readFirstLine);
});

process.on('message', (request: LauncherRequest) => {
  if (request.kind === 'launch') {
    const { kind: _kind, id: _id, ...spec } = request;
    launchOf(request.id).spec = spec;
    startIfComplete(request.id);
  } else {
    kill(request.id);
  }
});

// This process lives exactly as long as its channel to the parent: a Ctrl-C at the
// terminal reaches the tools themselves, and the parent decides what follows.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
const endWithParent = () => {
  for (const launch of launches.values()) launch.tool?.kill('SIGKILL');
  server.close();
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
};
process.on('disconnect', endWithParent);
// A parent gone while this module loaded was told before the listener existed.
if (!process.connected) endWithParent();

server.listen(socketPath, () => answer({ kind: 'ready', socketPath, token }));
