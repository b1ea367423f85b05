import { fork, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import {
  type LaunchSpec,
  launchTool,
  MAX_TOOL_STREAMS,
} from '../../../src/media/launch/tool-launcher.js';
import { parentOf, runningProcesses } from '../../support/processes.js';
import { tempDir } from '../../support/temp-dir.js';

const sh = (script: string, streams = 2): LaunchSpec => ({
  command: '/bin/sh',
  args: ['-c', script],
  env: process.env,
  niceness: 10,
  streams,
});

/** This process's children running the launcher's module. */
function launcherPids(): number[] {
  return runningProcesses()
    .filter(
      ({ parent, commandLine }) =>
        parent === process.pid && commandLine.includes('tool-launcher-process'),
    )
    .map(({ pid }) => pid);
}

const all = (socket: Socket) => text(socket);

describe('the tool launcher', () => {
  it('starts tools from a process of its own, not from this one', async () => {
    const launched = await launchTool(sh('echo $PPID'));
    const [stdout] = await Promise.all([all(launched.streams[0] as Socket), launched.closed]);
    const toolParent = Number(stdout.trim());
    expect(toolParent).not.toBe(process.pid);
    expect(parentOf(toolParent)).toBe(process.pid);
    expect(launcherPids()).toEqual([toolParent]);
    expect(await launched.closed).toEqual({ kind: 'exited', exitCode: 0, signal: null });
  });

  it('gives forty tools launched at once their own streams', async () => {
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        launchTool(sh(`echo out${index}; echo err${index} >&2; echo extra${index} >&3`, 3)),
      ),
    );
    const outputs = await Promise.all(
      runs.map((run) => Promise.all(run.streams.map((stream) => all(stream)))),
    );
    await Promise.all(runs.map((run) => run.closed));
    outputs.forEach((streams, index) => {
      expect(streams).toEqual([`out${index}\n`, `err${index}\n`, `extra${index}\n`]);
    });
  });

  it('carries an input written once the tool has started, byte for byte', async () => {
    const input = randomBytes(5 * 1024 * 1024 + 17);
    const launched = await launchTool(sh('cat <&3', 3));
    const input3 = launched.streams[2] as Socket;
    input3.resume();
    expect(await launched.started).toBe(true);
    input3.end(input);
    const stdout = launched.streams[0] as Socket;
    const hash = createHash('sha256');
    for await (const chunk of stdout) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(input).digest('hex'));
    expect(await launched.closed).toEqual({ kind: 'exited', exitCode: 0, signal: null });
  });

  it('kills a tool on request, and gives up one asked to die before it started', async () => {
    const running = await launchTool(sh('exec sleep 60'));
    for (const stream of running.streams) stream.resume();
    expect(await running.started).toBe(true);
    running.kill();
    expect(await running.closed).toEqual({ kind: 'exited', exitCode: null, signal: 'SIGKILL' });

    const givenUp = await launchTool(sh('exec sleep 60'));
    for (const stream of givenUp.streams) stream.resume();
    givenUp.kill();
    expect(await givenUp.closed).toMatchObject({ kind: 'exited', signal: 'SIGKILL' });
  });

  it('refuses at once a launch with more streams than a tool takes', async () => {
    await expect(launchTool(sh('true', MAX_TOOL_STREAMS + 1))).rejects.toThrow(
      `/bin/sh asks for ${MAX_TOOL_STREAMS + 1} streams; a tool takes at most ${MAX_TOOL_STREAMS}`,
    );
    // As many as it takes: each gets its own (bash, as dash redirects only descriptors 0-9).
    const launched = await launchTool({
      ...sh(''),
      command: '/bin/bash',
      args: ['-c', `for fd in $(seq 1 ${MAX_TOOL_STREAMS}); do echo $fd >&$fd; done`],
      streams: MAX_TOOL_STREAMS,
    });
    const outputs = await Promise.all(launched.streams.map((stream) => all(stream)));
    expect(outputs).toEqual(
      Array.from({ length: MAX_TOOL_STREAMS }, (_, index) => `${index + 1}\n`),
    );
    expect(await launched.closed).toEqual({ kind: 'exited', exitCode: 0, signal: null });
  });

  it('says why a tool could not start', async () => {
    const launched = await launchTool({ ...sh(''), command: '/nonexistent/tool' });
    for (const stream of launched.streams) stream.resume();
    expect(await launched.started).toBe(false);
    expect(await launched.closed).toEqual({
      kind: 'failed',
      message: expect.stringContaining('/nonexistent/tool'),
      code: 'ENOENT',
    });
  });

  it('fails the launches of a launcher that dies, removes its folder, and starts a new one', async () => {
    const launcherOf = async () => {
      const launched = await launchTool(sh('echo $PPID'));
      const [stdout] = await Promise.all([all(launched.streams[0] as Socket), launched.closed]);
      return Number(stdout.trim());
    };
    // The launcher of the tests before keeps its folder where it started: end it, so that
    // the next one starts in a temporary folder of this test's.
    const earlier = await launcherOf();
    process.kill(earlier, 'SIGKILL');
    await expect.poll(() => existsSync(`/proc/${earlier}`)).toBe(false);
    const temporary = process.env.TMPDIR;
    const folder = await tempDir();
    // tsx, which runs the launcher under the tests, keeps a cache folder there too.
    const launcherFolders = () =>
      readdirSync(folder).filter((name) => name.startsWith('heritage-tools-'));
    process.env.TMPDIR = folder;
    try {
      const launched = await launchTool(sh('echo $PPID; exec sleep 60'));
      const stdout = launched.streams[0] as Socket;
      (launched.streams[1] as Socket).resume();
      const launcher = Number(
        (await new Promise<Buffer>((resolve) => stdout.once('data', resolve))).toString(),
      );
      stdout.resume();
      expect(launcher).not.toBe(earlier);
      expect(launcherFolders()).toHaveLength(1);
      process.kill(launcher, 'SIGKILL');
      expect(await launched.closed).toEqual({
        kind: 'failed',
        message: 'the tool launcher exited (SIGKILL)',
      });
      await expect.poll(launcherFolders).toEqual([]);

      const next = await launcherOf();
      expect(next).not.toBe(launcher);
      expect(parentOf(next)).toBe(process.pid);
    } finally {
      if (temporary === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = temporary;
    }
  });

  it('ends at once when its parent has left before it was ready', async () => {
    const launcher = fork(path.resolve('src/media/launch/tool-launcher-process.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Gone while the launcher still loads its modules.
    launcher.disconnect();
    try {
      const exited = once(launcher, 'exit');
      const outcome = await Promise.race([
        exited.then(() => 'exited'),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000)),
      ]);
      expect(outcome).toBe('exited');
    } finally {
      launcher.kill('SIGKILL');
    }
  });

  it('ends with the process that started it, and so do its tools', async () => {
    // A process that launches a long tool and prints its pid and the launcher's, then
    // three tools that cannot start, and exits once the first has failed: the launcher
    // may tell of the others' failures to a parent already gone, and must still end.
    const script = `
      import { launchTool } from './src/media/launch/tool-launcher.ts';
      const spec = (command, args) => ({ command, args, env: process.env, niceness: 10, streams: 2 });
      const long = await launchTool(spec('/bin/sh', ['-c', 'echo $$ $PPID; exec sleep 60']));
      long.streams[0].once('data', async (line) => {
        process.stdout.write(line);
        const missing = () => launchTool(spec('/nonexistent/tool', [])).then((run) => run.started);
        await Promise.race([missing(), missing(), missing()]);
        process.exit(0);
      });
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [tool, launcher] = (await text(child.stdout)).trim().split(' ').map(Number);
    expect(tool).toBeGreaterThan(0);
    expect(launcher).toBeGreaterThan(0);
    await expect.poll(() => existsSync(`/proc/${launcher}`), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => existsSync(`/proc/${tool}`), { timeout: 10_000 }).toBe(false);
  });
});
