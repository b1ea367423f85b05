import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../web/src/api/types.js';
import {
  inView,
  longestSpan,
  type TimedAnnotation,
  tierKey,
  tierNameOf,
  tiersOfRecording,
} from '../../web/src/workspace/tier-grouping.js';

const timed = (
  id: string,
  type: string,
  startMs: number,
  endMs: number,
  more: Partial<TimedAnnotation> = {},
): TimedAnnotation => ({
  id,
  type,
  value: id,
  terms: [],
  anchor: { kind: 'time', asset: 'originals/a.flac', startMs, endMs },
  ...more,
});

describe('tiers of a recording', () => {
  const annotations: Annotation[] = [
    timed('t2', 'transcription', 3000, 4000),
    timed('n1', 'note', 0, 500),
    timed('v1', 'translation', 0, 2000, { language: 'vie' }),
    timed('t1', 'transcription', 0, 2000, { source: { tier: 'Then-tx' } }),
    timed('e1', 'translation', 0, 2000, { language: 'en', tier: 'free-en' }),
    timed('other', 'transcription', 0, 100, {
      anchor: { kind: 'time', asset: 'originals/b.flac', startMs: 0, endMs: 100 },
    }),
    { id: 'page', type: 'note', value: 'p', terms: [], anchor: { kind: 'item' } },
  ];

  it('groups by type and language in ELAN order, each in time order', () => {
    const tiers = tiersOfRecording(annotations, 'originals/a.flac', [{ type: 'gloss' }]);
    expect(tiers.map((tier) => tier.key)).toEqual([
      'transcription',
      'translation|en',
      'translation|vie',
      'gloss',
      'note',
    ]);
    expect(tiers[0]?.annotations.map((a) => a.id)).toEqual(['t1', 't2']);
    expect(tiers[0]?.importedFrom).toEqual(['Then-tx']);
    expect(tiers[1]?.importedFrom).toEqual(['free-en']);
    expect(tiers[3]?.annotations).toEqual([]);
  });

  it('names a tier by its key and back', () => {
    expect(tierNameOf(tierKey({ type: 'translation', language: 'vie' }))).toEqual({
      type: 'translation',
      language: 'vie',
    });
    expect(tierNameOf('note')).toEqual({ type: 'note' });
  });

  it('finds only the annotations in view, among thousands', () => {
    const many = Array.from({ length: 2000 }, (_, at) =>
      timed(`a${at}`, 'transcription', at * 1800, at * 1800 + 1500),
    );
    const longest = longestSpan(many);
    expect(longest).toBe(1500);
    const shown = inView(many, 899_000, 910_000, longest);
    expect(shown.map((a) => a.id)).toEqual([
      'a499',
      'a500',
      'a501',
      'a502',
      'a503',
      'a504',
      'a505',
    ]);
    expect(inView(many, 4_000_000, 4_100_000, longest)).toEqual([]);
  });
});
