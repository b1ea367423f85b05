import { describe, expect, it } from 'vitest';
import { rangeRequest, rangeStillApplies } from '../../../src/entry/api/range-request.js';

describe('rangeRequest', () => {
  it('reads one range, open-ended and suffix ranges, cut to the last byte', () => {
    expect(rangeRequest('bytes=0-99', 1000)).toEqual({ kind: 'part', start: 0, end: 99 });
    expect(rangeRequest('bytes=900-', 1000)).toEqual({ kind: 'part', start: 900, end: 999 });
    expect(rangeRequest('bytes=-100', 1000)).toEqual({ kind: 'part', start: 900, end: 999 });
    expect(rangeRequest('bytes=-5000', 1000)).toEqual({ kind: 'part', start: 0, end: 999 });
    expect(rangeRequest('bytes=990-5000', 1000)).toEqual({ kind: 'part', start: 990, end: 999 });
    expect(rangeRequest('Bytes= 5-5 ', 1000)).toEqual({ kind: 'part', start: 5, end: 5 });
  });

  it('finds a range past the end unsatisfiable', () => {
    expect(rangeRequest('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeRequest('bytes=1500-2000', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeRequest('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeRequest('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('answers the whole file for no range, several ranges, other units and nonsense', () => {
    for (const header of [
      undefined,
      'bytes=0-1,5-9',
      'items=0-5',
      'bytes=9-2',
      'bytes=-',
      'bytes=a-b',
      'bytes=99999999999999999999-',
    ])
      expect(rangeRequest(header, 1000), String(header)).toEqual({ kind: 'whole' });
  });

  it('applies a range only under an If-Range naming the current tag', () => {
    expect(rangeStillApplies(undefined, '"abc"')).toBe(true);
    expect(rangeStillApplies('"abc"', '"abc"')).toBe(true);
    expect(rangeStillApplies('"old"', '"abc"')).toBe(false);
    expect(rangeStillApplies('Wed, 21 Oct 2015 07:28:00 GMT', '"abc"')).toBe(false);
  });
});
