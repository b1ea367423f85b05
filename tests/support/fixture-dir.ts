/** A temporary folder per test file, made and removed by vitest hooks. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A temporary folder for the calling test file's fixtures, made before its tests (ahead
 * of the file's own `beforeAll`) and removed after them. Call the returned function
 * inside hooks and tests for its path.
 */
export function useFixtureDir(): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'heritage-audio-'));
  });
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));
  return () => {
    if (!dir) throw new Error('the fixture folder exists only while the test file runs');
    return dir;
  };
}
