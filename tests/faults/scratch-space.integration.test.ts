import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { makeScratchFolder, scratchRoot, sweepScratch } from '../../src/archive/scratch-space.js';
import { makeTempDir } from '../support/redis.js';

const holder = path.resolve('tests/fixtures/storage/hold-scratch.ts');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('scratch space', () => {
  it('is swept of the folders a killed process left, and keeps those of running ones', async () => {
    const data = await makeTempDir('scratch');
    cleanups.push(data.remove);
    const killed = spawn(process.execPath, ['--import', 'tsx', holder, data.dir], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const [left] = (await once(createInterface({ input: killed.stdout }), 'line')) as [string];
    killed.kill('SIGKILL');
    await once(killed, 'exit');
    const mine = await makeScratchFolder(data.dir, 'running');
    expect(path.dirname(left)).toBe(scratchRoot(data.dir));

    expect(await sweepScratch(data.dir)).toEqual([path.basename(left)]);
    expect(await readdir(scratchRoot(data.dir))).toEqual([path.basename(mine)]);
  });
});
