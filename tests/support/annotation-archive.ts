/**
 * Helpers for the annotation integration tests: an archive on a fresh catalog and
 * Redis prefix, quiet command output, and long recordings that cost little to make.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createOutput, type Output } from '../../src/entry/cli/output.js';
import { type Settings, settingsSchema } from '../../src/infra/config/settings-schema.js';
import { corpusFile } from './corpus.js';
import { createScratchCatalog, type DatabaseKind } from './databases.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from './redis.js';

const run = promisify(execFile);

/** An ELAN file of the corpus (see corpus.ts). */
export const corpusEaf = (name: string) => corpusFile('eaf', name);

/** Output that prints nothing and keeps what commands report, for assertions. */
export function recordingOutput(): Output & { errors: string[]; results: unknown[] } {
  const quiet = createOutput(true, { write: () => true } as never, { write: () => true } as never);
  const errors: string[] = [];
  const results: unknown[] = [];
  return {
    ...quiet,
    error: (text) => errors.push(text),
    result: (value) => results.push(value),
    errors,
    results,
  };
}

/** Settings for a data folder, a fresh catalog of `kind` and a Redis prefix of their own. */
export async function isolatedSettings(
  kind: DatabaseKind,
  overrides: Record<string, unknown> = {},
): Promise<{ settings: Settings; dispose(): Promise<void> }> {
  const scratch = await createScratchCatalog(kind);
  const prefix = uniquePrefix();
  return {
    settings: settingsSchema.parse({
      // The scratch data folder holds PGlite's catalog too, so the archive goes there as well.
      ...scratch.settings,
      redisUrl: testRedisUrl,
      queuePrefix: prefix,
      ...overrides,
    }),
    async dispose() {
      await deleteKeysWithPrefix(prefix);
      await scratch.dispose();
    },
  };
}

/** Silence as FLAC: a 20-minute recording in a few kilobytes. */
export async function silentFlac(file: string, seconds: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `anullsrc=channel_layout=mono:sample_rate=8000:duration=${seconds}`,
    '-c:a',
    'flac',
    file,
  ]);
}
