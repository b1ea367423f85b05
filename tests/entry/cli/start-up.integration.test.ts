import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/entry/cli/program.js';
import { heritageVersion } from '../../../src/infra/package/heritage-version.js';
import { runRecordingModules } from '../../support/modules-loaded-by.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs bin/heritage.ts in a fresh process and returns its output and the modules it loaded. */
async function runHeritage(args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const run = await runRecordingModules('bin/heritage.ts', args, { cwd: root });
  if (run.code !== 0)
    throw new Error(`heritage ${args.join(' ')}: exit ${run.code}\n${run.stderr}`);
  return run;
}

/** Libraries that cost a start-up tens to hundreds of milliseconds each. */
const heavyLibraries =
  /node_modules\/(@aws-sdk|@smithy|@electric-sql\/pglite|sharp|tesseract\.js|bullmq|ioredis|fastify|pg|zod)\//;

describe('heritage start-up', () => {
  it('prints its version without loading any command module or heavy library', async () => {
    const { stdout, modules } = await runHeritage(['--version']);
    expect(stdout.trim()).toBe(heritageVersion);
    expect(modules.some((url) => url.endsWith('/src/entry/cli/program.ts'))).toBe(true);
    expect(modules.filter((url) => heavyLibraries.test(url))).toEqual([]);
    expect(modules.filter((url) => url.includes('/src/entry/cli/commands/'))).toEqual([]);
  });

  it("prints a command's help without loading the command's module", async () => {
    const { stdout, modules } = await runHeritage(['export', '--help']);
    expect(stdout).toContain('--min-ocr-confidence');
    expect(modules.filter((url) => heavyLibraries.test(url))).toEqual([]);
    expect(modules.filter((url) => url.includes('/src/entry/cli/commands/'))).toEqual([]);
  });
});

/** Every command with options people rely on; a command may gain options, never lose one. */
const optionsOfCommand: Record<string, string[]> = {
  ingest: [
    '--manifest',
    '--collection',
    '--dry-run',
    '--skip-invalid-rows',
    '--keep-unknown-columns',
    '--no-wait',
    '--no-workers',
  ],
  status: ['--watch'],
  retry: ['--failed', '--stuck'],
  worker: ['--queues'],
  'items list': ['--collection', '--status'],
  'items change': [
    '--access',
    '--consent',
    '--withdraw-consent',
    '--restore-consent',
    '--consented-by',
    '--consent-date',
    '--collection',
    '--reason',
    '--author',
    '--lower-protection',
  ],
  search: ['--type', '--term', '--from', '--to', '--item'],
  'annotations import': [
    '--author',
    '--format',
    '--asset',
    '--tier-type',
    '--default-type',
    '--made-by',
  ],
  'annotations export': ['--format', '--output', '--asset', '--type'],
  'annotations add': [
    '--type',
    '--text',
    '--term',
    '--start',
    '--end',
    '--asset',
    '--page',
    '--region',
    '--language',
    '--author',
    '--supersedes',
  ],
  'annotations history': ['--id'],
  'vocabulary import': ['--id', '--author'],
  'vocabulary export': ['--format', '--output'],
  export: [
    '--out',
    '--collection',
    '--language',
    '--genre',
    '--date-from',
    '--date-to',
    '--access',
    '--licence',
    '--min-ocr-confidence',
    '--exclude-audio-flags',
    '--split',
    '--split-seed',
    '--overwrite',
    '--no-workers',
  ],
  exports: ['--item'],
  serve: ['--host', '--port'],
  'users add': ['--name', '--language', '--password-stdin', '--reason', '--as'],
  'users disable': ['--reason', '--as'],
  'users password': ['--password-stdin', '--reason', '--as'],
  'communities add': ['--name', '--reason', '--as'],
  'grants add': ['--collection', '--community', '--item', '--reason', '--as'],
  'grants remove': ['--collection', '--community', '--item', '--reason', '--as'],
};
const commandsWithoutOptions = ['doctor', 'demo', 'items show', 'verify', 'reindex'];

/** The help text `heritage <command> --help` prints, and its exit code. */
async function helpOf(command: string): Promise<{ text: string; code: number }> {
  let text = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    text += String(chunk);
    return true;
  });
  try {
    const code = await runCli([...(command ? command.split(' ') : []), '--help']);
    return { text, code };
  } finally {
    write.mockRestore();
  }
}

describe('the help of every command, with command modules loaded only when they run', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(Object.entries(optionsOfCommand))(
    'heritage %s --help lists its options',
    async (command, options) => {
      const { text, code } = await helpOf(command);
      expect(code).toBe(0);
      expect(text).toContain(`Usage: heritage ${command} [options]`);
      for (const option of options) expect(text).toMatch(new RegExp(`\\s${option}\\b`));
    },
  );

  it.each(commandsWithoutOptions)('heritage %s --help describes the command', async (command) => {
    const { text, code } = await helpOf(command);
    expect(code).toBe(0);
    expect(text).toContain(`Usage: heritage ${command} [options]`);
    expect(text).toContain('--help');
  });

  it('heritage --help lists every command', async () => {
    const { text } = await helpOf('');
    const topLevel = new Set(
      [...Object.keys(optionsOfCommand), ...commandsWithoutOptions].map((c) => c.split(' ')[0]),
    );
    for (const command of topLevel) expect(text).toMatch(new RegExp(`\\n  ${command}\\b`));
  });
});
