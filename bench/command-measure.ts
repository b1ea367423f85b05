/**
 * What the end-to-end benchmarks share: running a command to its end measured from
 * outside (wall here; CPU and peak RSS by GNU time when there is one), heritage's own
 * command line, the shell of an archivist with nothing set, and min/median/max.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Measure {
  wallSeconds: number;
  /** User + system CPU of the command and everything it ran. */
  cpuSeconds: number;
  /** Peak resident memory of the largest process in the tree, when /usr/bin/time exists. */
  maxRssMb?: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'bin', 'heritage.js');

/** The built CLI when there is one (`npm run build`), else the sources through tsx. */
export const heritageCommand: string[] = existsSync(built)
  ? [process.execPath, built]
  : [process.execPath, '--import', 'tsx', path.join(root, 'bin', 'heritage.ts')];

const gnuTime = existsSync('/usr/bin/time');

/** Runs a command to its end and measures it; rejects with its output when it fails. */
export function measureCommand(
  command: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Measure> {
  const quoted = command.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const script = gnuTime
    ? `/usr/bin/time -f 'measure %U %S %M' ${quoted} >/dev/null`
    : `${quoted} >/dev/null; times >&2`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('sh', ['-c', script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command.join(' ')}: exit ${code}\n${stderr}`));
      if (gnuTime) {
        const [, user, system, rssKb] = /measure (\S+) (\S+) (\S+)/.exec(stderr) ?? [];
        return resolve({
          wallSeconds,
          cpuSeconds: Number(user) + Number(system),
          maxRssMb: Number(rssKb) / 1024,
        });
      }
      // `times` prints the shell's then its children's user and system time: 0m1.23s 0m0.45s
      const children = stderr.trim().split('\n').at(-1) ?? '';
      const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(
        ([, minutes, rest]) => Number(minutes) * 60 + Number(rest),
      );
      resolve({ wallSeconds, cpuSeconds: seconds.reduce((sum, value) => sum + value, 0) });
    });
  });
}

/** The environment of an archivist's shell with nothing set: every embedded default. */
export function embeddedEnvironment(
  dataDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(HERITAGE_|REDIS_|DATABASE_URL|S3_|FFMPEG_PATH|FFPROBE_PATH)/.test(name),
    ),
  );
  return { ...env, HERITAGE_DATA_DIR: dataDir, ...extra };
}

/** Stops the data folder's catalog server, which outlives commands by design. */
export async function stopCatalogServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'catalog-server', 'cluster', 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!(pid > 0)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // already gone
  }
  for (let waited = 0; waited < 100 && existsSync(pidFile); waited += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** `min/median/max` of the values. */
export function triple(values: number[], digits: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0], median(values), sorted.at(-1)]
    .map((value) => (value ?? Number.NaN).toFixed(digits))
    .join('/');
}
