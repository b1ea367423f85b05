import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIngestPlan } from '../../../../src/usecases/ingest/plan/build-ingest-plan.js';
import type { PlannedItem } from '../../../../src/usecases/ingest/plan/ingest-plan.js';
import { inspectAhead } from '../../../../src/usecases/ingest/run/inspect-ahead.js';
import { testSettings } from '../../../support/redis.js';
import { tempDir } from '../../../support/temp-dir.js';

/** A folder of `count` one-file text items of 100 bytes each, planned. */
async function plannedItems(count: number): Promise<PlannedItem[]> {
  const folder = await tempDir();
  for (let index = 0; index < count; index += 1)
    await writeFile(
      path.join(folder, `song-${String(index).padStart(3, '0')}.txt`),
      `${String(index).padStart(3, '0')} ${'ơ'.repeat(47)}x\n`,
    );
  const plan = await buildIngestPlan({ folder });
  expect(plan.problems).toEqual([]);
  return plan.items;
}

/** Bytes hashed so far, once no more are being hashed. */
async function settledBytes(hashed: () => number): Promise<number> {
  let seen = -1;
  await expect
    .poll(
      () => {
        const now = hashed();
        const settled = now === seen;
        seen = now;
        return settled;
      },
      { interval: 100, timeout: 10_000 },
    )
    .toBe(true);
  return seen;
}

/** Real files, real hashing: what the inspections of an ingest do before anything is written. */
describe('inspectAhead', () => {
  const settings = testSettings();

  it('inspects items in order before they are taken, going up to sixteen ahead of the last taken', async () => {
    const items = await plannedItems(40);
    let hashed = 0;
    const inspections = inspectAhead(items, settings, (bytes) => {
      hashed += bytes;
    });
    // Nothing taken yet: the first sixteen are inspected, and no more.
    expect(await settledBytes(() => hashed)).toBe(16 * 100);
    const first = await inspections.take(0);
    expect(first.map((file) => file.file.relativePath)).toEqual(['song-000.txt']);
    expect(await settledBytes(() => hashed)).toBe(17 * 100);

    for (let index = 1; index < items.length; index += 1) {
      const [file] = await inspections.take(index);
      expect(file?.accepted && file.file.relativePath).toBe(
        `song-${String(index).padStart(3, '0')}.txt`,
      );
      expect(file?.digests?.size).toBe(100);
    }
    expect(hashed).toBe(40 * 100);
  });

  it('starts no more once stopped, but still inspects an item that is taken', async () => {
    const items = await plannedItems(30);
    let hashed = 0;
    const inspections = inspectAhead(items, settings, (bytes) => {
      hashed += bytes;
    });
    inspections.stop();
    // Those already running (four at once) finish; none starts after them.
    expect(await settledBytes(() => hashed)).toBe(4 * 100);
    const [late] = await inspections.take(20);
    expect(late?.file.relativePath).toBe('song-020.txt');
    expect(await settledBytes(() => hashed)).toBe(21 * 100);
  });
});
