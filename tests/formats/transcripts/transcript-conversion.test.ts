import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  annotationsToCues,
  annotationsToTiers,
  applyEdit,
  createAnnotation,
  mergeImported,
  parsePlainText,
  parseTextGrid,
  parseWebVtt,
  serializeTextGrid,
  serializeWebVtt,
  transcriptToAnnotations,
} from '../../../src/formats/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/annotations/${name}`, import.meta.url));
const importOptions = { asset: 'rec-1', author: 'Linh', created: '2024-03-01T09:00:00+07:00' };

describe('transcripts to annotations', () => {
  it('makes one annotation per non-empty TextGrid segment, typed from the tier name or the default', () => {
    const transcript = parseTextGrid(fixture('then-song-long.TextGrid'), {
      sourceName: 'song.TextGrid',
    });
    const annotations = transcriptToAnnotations(transcript, {
      ...importOptions,
      defaultType: 'note',
    }).annotations;
    expect(annotations.map(({ type, value, anchor }) => ({ type, value, anchor }))).toEqual([
      {
        type: 'note',
        value: 'Pây tàng slam vằn',
        anchor: { kind: 'time', asset: 'rec-1', startMs: 250, endMs: 1750 },
      },
      {
        type: 'note',
        value: 'Then nói "khửn" fạ',
        anchor: { kind: 'time', asset: 'rec-1', startMs: 1750, endMs: 3125 },
      },
      {
        type: 'note',
        value: 'tính',
        anchor: { kind: 'time', asset: 'rec-1', startMs: 500, endMs: 500 },
      },
      {
        type: 'note',
        value: 'trống',
        anchor: { kind: 'time', asset: 'rec-1', startMs: 2000, endMs: 2000 },
      },
    ]);
    expect(annotations[0]?.source).toEqual({ format: 'textgrid', tier: 'lời hát', index: 1 });
  });

  it('follows tierTypes, skipping tiers mapped to null', () => {
    const transcript = parseTextGrid(fixture('then-song-long.TextGrid'), {
      sourceName: 'song.TextGrid',
    });
    const annotations = transcriptToAnnotations(transcript, {
      ...importOptions,
      tierTypes: { 'lời hát': 'transcription', drum: null },
    }).annotations;
    expect(annotations.map((annotation) => annotation.type)).toEqual([
      'transcription',
      'transcription',
    ]);
  });

  it('keeps repeated plain-text lines apart and anchors them to the item', () => {
    const annotations = transcriptToAnnotations(
      parsePlainText(fixture('then-song.txt'), { sourceName: 'song.txt' }),
      importOptions,
    ).annotations;
    expect(annotations).toHaveLength(3);
    expect(new Set(annotations.map((annotation) => annotation.id)).size).toBe(3);
    expect(annotations.every((annotation) => annotation.anchor.kind === 'item')).toBe(true);
    expect(annotations.map((annotation) => annotation.source?.index)).toEqual([0, 1, 2]);
  });

  it('adds nothing when the same file is imported again', () => {
    const transcript = parseWebVtt(fixture('then-song.vtt'), { sourceName: 'song.vtt' });
    const first = transcriptToAnnotations(transcript, importOptions).annotations;
    const again = transcriptToAnnotations(transcript, {
      ...importOptions,
      created: '2025-01-01T00:00:00Z',
    }).annotations;
    const merged = mergeImported(first, again);
    expect(merged.added).toEqual([]);
    expect(merged.unchanged).toBe(first.length);
    expect(merged.annotations).toHaveLength(first.length);
  });

  it('turns a changed line in a re-imported file into a new version of the old annotation', () => {
    const before = transcriptToAnnotations(
      parsePlainText('một\nhai\n', { sourceName: 'lines.txt' }),
      importOptions,
    ).annotations;
    const after = transcriptToAnnotations(
      parsePlainText('một\nhai ba\n', { sourceName: 'lines.txt' }),
      importOptions,
    ).annotations;
    const merged = mergeImported(before, after);
    expect(merged.unchanged).toBe(1);
    expect(merged.added).toHaveLength(1);
    expect(merged.added[0]).toMatchObject({ value: 'hai ba', supersedes: before[1]?.id });
  });

  it("treats a re-import that still holds an edited annotation's old text as unchanged", () => {
    const imported = transcriptToAnnotations(
      parsePlainText('một\n', { sourceName: 'l.txt' }),
      importOptions,
    ).annotations;
    const edited = applyEdit(imported, {
      supersedes: imported[0]?.id ?? '',
      value: 'mốt',
      author: 'Hoa',
    });
    const merged = mergeImported(edited, imported);
    expect(merged.added).toEqual([]);
  });
});

describe('annotations to TextGrid and WebVTT', () => {
  const at = (startMs: number, endMs: number, value: string, author = 'Linh') =>
    createAnnotation({
      anchor: { kind: 'time', asset: 'rec-1', startMs, endMs },
      type: 'transcription',
      value,
      author,
    });

  it('lays overlapping spans out on extra tiers and points on a point tier, so the TextGrid reads back', () => {
    const annotations = [
      at(0, 1000, 'a'),
      at(500, 1500, 'b'),
      at(1000, 2000, 'c'),
      at(1200, 1200, 'mark'),
    ];
    const tiers = annotationsToTiers(annotations, { asset: 'rec-1' });
    expect(
      tiers.map((tier) => [tier.name, tier.kind, tier.segments.map((segment) => segment.text)]),
    ).toEqual([
      ['transcription', 'interval', ['a', 'c']],
      ['transcription 2', 'interval', ['b']],
      ['transcription points', 'point', ['mark']],
    ]);
    const reread = parseTextGrid(serializeTextGrid(tiers, { endMs: 3000 }), {
      sourceName: 'out.TextGrid',
    });
    expect(
      reread.tiers.map((tier) => tier.segments.filter((segment) => segment.text !== '').length),
    ).toEqual([2, 1, 1]);
  });

  it('names tiers after the author when several people wrote the same type', () => {
    const tiers = annotationsToTiers([at(0, 1000, 'a', 'Linh'), at(0, 1000, 'b', 'Hoa')], {
      asset: 'rec-1',
    });
    expect(tiers.map((tier) => tier.name)).toEqual(['transcription (Linh)', 'transcription (Hoa)']);
  });

  it('exports only current annotations of the recording to WebVTT, in time order', () => {
    const first = at(2000, 3000, 'hai');
    const edited = applyEdit([first, at(0, 1000, 'một')], {
      supersedes: first.id,
      value: 'hai ba',
      author: 'Hoa',
    });
    const elsewhere = createAnnotation({
      anchor: { kind: 'time', asset: 'rec-2', startMs: 0, endMs: 1 },
      type: 'transcription',
      value: 'other recording',
      author: 'Linh',
    });
    const vtt = serializeWebVtt(annotationsToCues([...edited, elsewhere], { asset: 'rec-1' }));
    const [tier] = parseWebVtt(vtt, { sourceName: 'out.vtt' }).tiers;
    expect(tier?.segments.map((segment) => segment.text)).toEqual(['một', 'hai ba']);
  });
});
