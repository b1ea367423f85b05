import { describe, expect, it } from 'vitest';
import {
  nextInTier,
  planBoundary,
  planMerge,
  planSpan,
  planSplit,
  splitText,
} from '../../web/src/workspace/tier-edits.js';
import type { TimedAnnotation } from '../../web/src/workspace/tier-grouping.js';

const line = (id: string, value: string, startMs: number, endMs: number): TimedAnnotation => ({
  id,
  type: 'translation',
  value,
  terms: [],
  language: 'vie',
  anchor: { kind: 'time', asset: 'originals/a.flac', startMs, endMs },
});

describe('planning a split', () => {
  it('supersedes the first part and adds the second, as one batch', () => {
    const changes = planSplit(line('a', 'một hai ba bốn', 1000, 3000), 2000);
    expect(changes).toEqual([
      {
        op: 'supersede',
        id: 'a',
        value: 'một hai',
        anchor: { kind: 'time', asset: 'originals/a.flac', startMs: 1000, endMs: 2000 },
      },
      {
        op: 'add',
        type: 'translation',
        value: 'ba bốn',
        language: 'vie',
        anchor: { kind: 'time', asset: 'originals/a.flac', startMs: 2000, endMs: 3000 },
      },
    ]);
  });

  it('cuts the text at the caret when there is one', () => {
    expect(splitText('Then ơi, then ma', 0.9, 8)).toEqual(['Then ơi,', 'then ma']);
    expect(splitText('một', 0.5)).toEqual(['một', 'một']);
  });

  it('refuses a cut at or too near an end', () => {
    expect(planSplit(line('a', 'x y', 1000, 3000), 1005)).toBeUndefined();
    expect(planSplit(line('a', 'x y', 1000, 3000), 3000)).toBeUndefined();
    expect(planSplit(line('a', 'x y', 1000, 3000), 500)).toBeUndefined();
  });
});

describe('planning a merge', () => {
  it('gives the first both spans and texts and retires the second', () => {
    const tier = [line('a', 'một', 0, 1000), line('b', 'hai', 1200, 2000)];
    const next = nextInTier(tier, tier[0] as TimedAnnotation);
    expect(next?.id).toBe('b');
    expect(nextInTier(tier, tier[1] as TimedAnnotation)).toBeUndefined();
    expect(planMerge(tier[0] as TimedAnnotation, next as TimedAnnotation)).toEqual([
      {
        op: 'supersede',
        id: 'a',
        value: 'một hai',
        anchor: { kind: 'time', asset: 'originals/a.flac', startMs: 0, endMs: 2000 },
      },
      { op: 'retire', id: 'b' },
    ]);
  });
});

describe('planning a boundary move', () => {
  const a = line('a', 'một', 1000, 2000);

  it('supersedes with the new anchor', () => {
    expect(planBoundary(a, 'start', 990, 9000)).toEqual([
      {
        op: 'supersede',
        id: 'a',
        anchor: { kind: 'time', asset: 'originals/a.flac', startMs: 990, endMs: 2000 },
      },
    ]);
    expect(planBoundary(a, 'end', 2100, 9000)?.[0]).toMatchObject({
      anchor: { startMs: 1000, endMs: 2100 },
    });
  });

  it('keeps the span in the recording and not shorter than the least span', () => {
    expect(planBoundary(a, 'start', 2500, 9000)?.[0]).toMatchObject({
      anchor: { startMs: 1980, endMs: 2000 },
    });
    expect(planBoundary(a, 'end', 12_000, 9000)?.[0]).toMatchObject({
      anchor: { endMs: 9000 },
    });
    expect(planBoundary(line('z', 'x', 0, 500), 'start', -10, 9000)).toBeUndefined();
    expect(planSpan(a, 1000, 2000)).toBeUndefined();
    expect(planSpan(a, 1000, 1010)).toBeUndefined();
    expect(planSpan(a, 1100.4, 2100.6)?.[0]).toMatchObject({
      anchor: { startMs: 1100, endMs: 2101 },
    });
  });
});
