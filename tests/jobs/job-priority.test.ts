import { describe, expect, it } from 'vitest';
import { LAST_PRIORITY, longestFirst } from '../../src/jobs/job-priority.js';

describe('longestFirst', () => {
  it('gives a longer recording a lower number, so BullMQ takes it first', () => {
    expect(longestFirst({ durationSeconds: 3_600 })).toBeLessThan(
      longestFirst({ durationSeconds: 120 }),
    );
    expect(longestFirst({ durationSeconds: 120 })).toBeLessThan(
      longestFirst({ durationSeconds: 1 }),
    );
  });

  it('puts a recording of unknown, zero or absurd duration last', () => {
    for (const durationSeconds of [null, undefined, 0, -5, Number.NaN, '120']) {
      expect(longestFirst({ durationSeconds })).toBe(LAST_PRIORITY);
    }
    expect(longestFirst(undefined)).toBe(LAST_PRIORITY);
  });

  it('stays within BullMQ priorities however long the recording', () => {
    expect(longestFirst({ durationSeconds: 1e12 })).toBe(1);
    expect(longestFirst({ durationSeconds: Number.POSITIVE_INFINITY })).toBe(1);
    expect(longestFirst({ durationSeconds: 0.2 })).toBe(LAST_PRIORITY - 1);
  });
});
