import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../web/src/api/types.js';
import {
  coversPage,
  dragRectangle,
  hitAt,
  lineAt,
  nudge,
  overlap,
  pageCorrections,
  pageText,
  regionOf,
} from '../../../web/src/workspace/page-corrections.js';

const scan = 'originals/book.tif';
const size = { width: 720, height: 360 };
const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
const layout = {
  ...size,
  lines: [
    { text: 'Songs of the village', box: box(32, 55, 400, 32), words: [] },
    { text: 'in the winter', box: box(32, 111, 300, 32), words: [] },
  ],
};
let next = 0;
const region = (
  type: string,
  value: string,
  where: { x: number; y: number; width: number; height: number },
  page = 1,
): Annotation => {
  next += 1;
  return {
    id: `a${next}`,
    type,
    value,
    terms: [],
    anchor: { kind: 'region', asset: scan, page, ...where },
  };
};

describe('how the workspace reads the corrections of a page', () => {
  it('knows a line’s correction by its box, rounded, and the whole page’s by its extent', () => {
    const line = region('correction', 'Songs of the villages', box(32, 55, 401, 32));
    const whole = region('correction', 'All of it', box(0, 0, 720, 360));
    const part = region('correction', 'A word', box(40, 60, 50, 20));
    const ritual = region('ritual', 'An offering', box(500, 200, 100, 100));
    const elsewhere = region('correction', 'Page two', box(32, 55, 400, 32), 2);
    const found = pageCorrections(
      [line, whole, part, ritual, elsewhere],
      { scan, page: 1 },
      layout,
    );
    expect(found.page?.id).toBe(whole.id);
    expect([...found.lines]).toEqual([[0, line]]);
    expect(found.others.map((annotation) => annotation.id)).toEqual([part.id, ritual.id]);
  });

  it('gives the page’s text: the whole-page correction, else the lines with theirs', () => {
    const line = region('correction', 'In the winter', box(32, 111, 300, 32));
    const corrections = pageCorrections([line], { scan, page: 1 }, layout);
    expect(pageText(layout, corrections)).toBe('Songs of the village\nIn the winter');
    const whole = region('correction', 'All of it', box(0, 0, 720, 360));
    expect(pageText(layout, pageCorrections([line, whole], { scan, page: 1 }, layout))).toBe(
      'All of it',
    );
  });

  it('measures overlap and whole pages', () => {
    expect(overlap(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(overlap(box(0, 0, 10, 10), box(20, 20, 5, 5))).toBe(0);
    expect(overlap(box(0, 0, 10, 10), box(5, 0, 10, 10))).toBeCloseTo(1 / 3);
    expect(coversPage(box(0, 0, 720, 360), size)).toBe(true);
    expect(coversPage(box(1, 0, 719, 360), size)).toBe(false);
    expect(lineAt(layout.lines, box(32, 111, 300, 33))).toBe(1);
    expect(lineAt(layout.lines, box(32, 111, 150, 32))).toBeUndefined();
  });

  it('turns boxes and drags into regions in whole pixels inside the page', () => {
    expect(regionOf(box(31.6, 54.2, 400.1, 32), size)).toEqual(box(31, 54, 401, 33));
    expect(regionOf(box(700, 350, 100, 100), size)).toEqual(box(700, 350, 20, 10));
    expect(dragRectangle({ x: 300, y: 200 }, { x: 100.5, y: 50 }, size)).toEqual(
      box(100, 50, 200, 150),
    );
    expect(dragRectangle({ x: -50, y: 10 }, { x: 900, y: 400 }, size)).toEqual(
      box(0, 10, 720, 350),
    );
    // A click, not a drag.
    expect(dragRectangle({ x: 10, y: 10 }, { x: 12, y: 11 }, size)).toBeUndefined();
    expect(nudge(box(700, 0, 20, 10), { dx: 10 }, size)).toEqual(box(700, 0, 20, 10));
    expect(nudge(box(10, 10, 20, 10), { dw: 5, dy: -20 }, size)).toEqual(box(10, 0, 25, 10));
  });

  it('finds what a click on the page is on: the smallest region, else a line', () => {
    const big = region('note', 'big', box(0, 0, 500, 300)) as never;
    const small = region('symbol', 'small', box(30, 50, 60, 60)) as never;
    expect(hitAt({ x: 40, y: 60 }, [big, small], layout.lines)).toEqual({
      kind: 'region',
      id: (small as Annotation).id,
    });
    expect(hitAt({ x: 40, y: 120 }, [], layout.lines)).toEqual({ kind: 'line', index: 1 });
    expect(hitAt({ x: 600, y: 10 }, [], layout.lines)).toBeUndefined();
  });
});
