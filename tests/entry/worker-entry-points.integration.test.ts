import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { openTestArchive } from '../support/test-archive.js';
import { startWorkerEntryPoint } from '../support/worker-processes.js';

const entryPoints = readdirSync('workers').filter((name) => name.endsWith('.ts'));

describe('the worker entry points that docker-compose.yml runs', () => {
  let settings: Settings;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ settings, cleanup } = await openTestArchive('postgres'));
  });
  afterAll(async () => cleanup?.());

  it('are each named in docker-compose.yml', async () => {
    const { readFile } = await import('node:fs/promises');
    const compose = await readFile('docker-compose.yml', 'utf8');
    for (const name of entryPoints)
      expect(compose).toContain(`dist/workers/${name.replace(/\.ts$/, '.js')}`);
  });

  it.each(entryPoints)('%s serves its queues and stops cleanly on SIGTERM', async (name) => {
    const worker = await startWorkerEntryPoint(settings, `workers/${name}`);
    await worker.stop();
    expect(worker.child.exitCode, worker.errors.join('\n')).toBe(0);
  });
});
