import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../src/usecases/export/read-ahead.js';

/** Reads that finish only when the test says so, recording which have started. */
function controlledReads() {
  const started: number[] = [];
  const finish = new Map<number, (value: string) => void>();
  const fail = new Map<number, (error: Error) => void>();
  const read = (source: number) => {
    started.push(source);
    return new Promise<string>((resolve, reject) => {
      finish.set(source, resolve);
      fail.set(source, reject);
    });
  };
  return { started, finish, fail, read };
}

describe('readAhead', () => {
  it('yields every source with its own result, in source order, whatever order reads finish in', async () => {
    const reads = controlledReads();
    const results = readAhead([1, 2, 3], reads.read, () => 1, 10);
    const first = results.next();
    await Promise.resolve();
    reads.finish.get(3)?.('three');
    reads.finish.get(2)?.('two');
    reads.finish.get(1)?.('one');
    const seen = [(await first).value];
    for await (const entry of results) seen.push(entry);
    expect(seen).toEqual([
      { source: 1, value: 'one' },
      { source: 2, value: 'two' },
      { source: 3, value: 'three' },
    ]);
  });

  it('keeps the bytes in flight under the limit, but always reads the next source', async () => {
    const reads = controlledReads();
    const sizes = new Map([
      [1, 40],
      [2, 40],
      [3, 40],
      [4, 500],
      [5, 10],
    ]);
    const results = readAhead([1, 2, 3, 4, 5], reads.read, (source) => sizes.get(source) ?? 0, 100);
    const first = results.next();
    await Promise.resolve();
    // 40 + 40 < 100 lets a third start; 120 then stops the fourth.
    expect(reads.started).toEqual([1, 2, 3]);
    reads.finish.get(1)?.('one');
    await first;
    // Only 80 left in flight: the 500-byte source may start, and nothing after it.
    expect(reads.started).toEqual([1, 2, 3, 4]);
    for (const source of [2, 3, 4]) {
      reads.finish.get(source)?.(String(source));
      await results.next();
    }
    // The over-limit source was alone in flight at the end: the next one starts after it.
    expect(reads.started).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports a read that failed early when its turn comes, not as an unhandled rejection', async () => {
    const reads = controlledReads();
    const results = readAhead([1, 2], reads.read, () => 1, 10);
    const first = results.next();
    await Promise.resolve();
    reads.fail.get(2)?.(new Error('item 2: sha256 mismatch'));
    reads.finish.get(1)?.('one');
    expect((await first).value).toEqual({ source: 1, value: 'one' });
    await expect(results.next()).rejects.toThrow('item 2: sha256 mismatch');
  });
});
