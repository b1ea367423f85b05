import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';

const recorder = fileURLToPath(new URL('./record-loaded-modules.mjs', import.meta.url));

export interface RecordedRun {
  /** The exit code: 0, or the code it failed with. */
  code: number;
  stdout: string;
  stderr: string;
  /** The URL of every module the process loaded, in order. */
  modules: string[];
}

/**
 * Runs a TypeScript entry point (through tsx) in a fresh process that records every
 * module it loads (`record-loaded-modules.mjs`), so a test can see what a command or a
 * step pulls in. A failing process is reported by its code, not thrown.
 */
export async function runRecordingModules(
  script: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RecordedRun> {
  const logFile = path.join(await tempDir('loaded-modules-'), 'modules.log');
  const result = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--import', recorder, script, ...args],
    { cwd: options.cwd, env: { ...(options.env ?? process.env), LOADED_MODULES_LOG: logFile } },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
  const modules = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
  return { ...result, modules };
}
