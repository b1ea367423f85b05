import { describe, expect, it } from 'vitest';
import { poolOnFirstUse } from '../../../src/media/ocr/pool-on-first-use.js';
import type { TesseractPool } from '../../../src/media/ocr/tesseract-pool.js';

/** A pool that answers every detection with the number of its start, and counts closes. */
function countingStarts(failFirst = false) {
  const counts = { starts: 0, closes: 0 };
  const start = async (): Promise<TesseractPool> => {
    counts.starts += 1;
    const number = counts.starts;
    if (failFirst && number === 1) throw new Error('worker did not start');
    return {
      recognize: async () => ({ text: `pool ${number}` }) as never,
      detect: async () => ({ orientation_degrees: number }) as never,
      close: async () => {
        counts.closes += 1;
      },
    };
  };
  return { counts, start };
}

describe('a pool started on first use', () => {
  it('starts nothing until its first job, then starts once for jobs that arrive together', async () => {
    const { counts, start } = countingStarts();
    const pool = poolOnFirstUse(start);
    expect(counts.starts).toBe(0);
    const answers = await Promise.all([pool.detect(Buffer.alloc(0)), pool.detect(Buffer.alloc(0))]);
    expect(answers.map((answer) => answer.orientation_degrees)).toEqual([1, 1]);
    await pool.detect(Buffer.alloc(0));
    expect(counts.starts).toBe(1);
  });

  it('fails only the job whose start failed; the next job starts it again', async () => {
    const { counts, start } = countingStarts(true);
    const pool = poolOnFirstUse(start);
    await expect(pool.detect(Buffer.alloc(0))).rejects.toThrow('worker did not start');
    const answer = await pool.detect(Buffer.alloc(0));
    expect(answer.orientation_degrees).toBe(2);
    expect(counts.starts).toBe(2);
  });

  it('closes the workers of a start under way, and refuses jobs once closed', async () => {
    const { counts, start } = countingStarts();
    const pool = poolOnFirstUse(start);
    const job = pool.detect(Buffer.alloc(0));
    await pool.close();
    await job;
    expect(counts.closes).toBe(1);
    await expect(pool.detect(Buffer.alloc(0))).rejects.toThrow('closed');
    expect(counts.starts).toBe(1);
  });

  it('closes without starting when no job came', async () => {
    const { counts, start } = countingStarts();
    await poolOnFirstUse(start).close();
    expect(counts).toEqual({ starts: 0, closes: 0 });
  });
});
