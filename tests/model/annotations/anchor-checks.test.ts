import { describe, expect, it } from 'vitest';
import { checkRegion, checkTimeSpan } from '../../../src/formats/index.js';

describe('checking time spans against the recording', () => {
  const recording = { durationMs: 11_000 };

  it('accepts a span inside the recording, including one that ends at its very end', () => {
    expect(
      checkTimeSpan({ kind: 'time', asset: 'r', startMs: 0, endMs: 11_000 }, recording),
    ).toEqual([]);
  });

  it('names endMs when the span runs past the end', () => {
    const issues = checkTimeSpan(
      { kind: 'time', asset: 'r', startMs: 10_000, endMs: 12_500 },
      recording,
    );
    expect(issues).toEqual([
      { field: 'anchor.endMs', message: expect.stringContaining('12500 ms') },
    ]);
  });

  it('names both fields when the whole span lies after the end', () => {
    const issues = checkTimeSpan(
      { kind: 'time', asset: 'r', startMs: 12_000, endMs: 13_000 },
      recording,
    );
    expect(issues.map((issue) => issue.field)).toEqual(['anchor.startMs', 'anchor.endMs']);
  });
});

describe('checking regions against the page', () => {
  const scan = { pageCount: 3, page: { width: 2550, height: 3300 } };
  const region = {
    kind: 'region',
    asset: 's',
    page: 2,
    x: 100,
    y: 200,
    width: 800,
    height: 60,
  } as const;

  it('accepts a region on the page', () => {
    expect(checkRegion(region, scan)).toEqual([]);
    expect(checkRegion({ ...region, x: 1750, width: 800 }, scan)).toEqual([]);
  });

  it('names the page when it does not exist', () => {
    expect(checkRegion({ ...region, page: 4 }, scan)).toEqual([
      { field: 'anchor.page', message: 'page 4 does not exist: the scan has 3 pages' },
    ]);
  });

  it('names width and height when the region runs off the page', () => {
    const issues = checkRegion({ ...region, x: 2000, width: 600, y: 3290, height: 20 }, scan);
    expect(issues.map((issue) => issue.field)).toEqual(['anchor.width', 'anchor.height']);
  });

  it('names x and y when the region starts off the page', () => {
    const issues = checkRegion({ ...region, x: 2550, y: 4000 }, scan);
    expect(issues.map((issue) => issue.field)).toEqual(['anchor.x', 'anchor.y']);
  });
});
