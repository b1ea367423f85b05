import { describe, expect, it } from 'vitest';
import {
  COPY_PART_BYTES,
  MAX_SINGLE_COPY_BYTES,
  planCopyParts,
} from '../../../src/infra/storage/s3-copy.js';

describe('planCopyParts', () => {
  it('covers every byte once, in order, with a shorter last part', () => {
    const parts = planCopyParts(25, 10);
    expect(parts).toEqual([
      { partNumber: 1, start: 0, end: 9 },
      { partNumber: 2, start: 10, end: 19 },
      { partNumber: 3, start: 20, end: 24 },
    ]);
  });

  it('makes a single part when the size is an exact multiple', () => {
    expect(planCopyParts(10, 10)).toEqual([{ partNumber: 1, start: 0, end: 9 }]);
  });

  it('splits an object just over the single-copy limit into contiguous 512 MiB parts', () => {
    const size = MAX_SINGLE_COPY_BYTES + 1;
    const parts = planCopyParts(size);
    expect(parts).toHaveLength(11);
    for (const [index, part] of parts.entries()) {
      expect(part.start).toBe(index * COPY_PART_BYTES);
      if (index > 0) expect(part.start).toBe((parts[index - 1]?.end ?? -2) + 1);
    }
    expect(parts.at(-1)?.end).toBe(size - 1);
  });

  it('refuses sizes that need more than 10,000 parts, and empty objects', () => {
    expect(() => planCopyParts(10_001, 1)).toThrow(/10001 parts; S3 allows 10000/);
    expect(() => planCopyParts(0, 10)).toThrow(RangeError);
  });
});
