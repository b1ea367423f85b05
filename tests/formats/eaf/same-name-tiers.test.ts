import { describe, expect, it } from 'vitest';
import {
  deriveAnnotationId,
  mergeImported,
  parseTextGrid,
  serializeTextGrid,
  type TimedTier,
  transcriptToAnnotations,
} from '../../../src/formats/index.js';

const importOptions = { asset: 'rec-1', author: 'Linh', created: '2024-03-01T09:00:00+07:00' };

/** Three tiers named "words" with the same spans and other words, as real TextGrids have. */
const tiers: TimedTier[] = ['một', 'hai', 'ba'].map((word, tier) => ({
  name: 'words',
  kind: 'interval',
  segments: [
    { startMs: 0, endMs: 1000, text: `${word} a` },
    { startMs: 1000, endMs: 2000, text: `${word} b` },
    { startMs: 2000, endMs: 3000, text: tier === 2 ? 'một a' : `${word} c` },
  ],
}));
const textGrid = serializeTextGrid(tiers);

describe('tiers that share a name', () => {
  it('are read in order with their names, duplicates included, and written back the same', () => {
    const transcript = parseTextGrid(textGrid, { sourceName: 'same.TextGrid' });
    expect(transcript.tiers.map((tier) => tier.name)).toEqual(['words', 'words', 'words']);
    expect(transcript.tiers.map((tier) => tier.segments)).toEqual(
      tiers.map((tier) => tier.segments),
    );
    expect(serializeTextGrid(transcript.tiers)).toBe(textGrid);
  });

  it('keep every interval as an annotation of its own, and a re-import adds nothing', () => {
    const transcript = parseTextGrid(textGrid, { sourceName: 'same.TextGrid' });
    const { annotations } = transcriptToAnnotations(transcript, importOptions);
    expect(annotations).toHaveLength(9);
    expect(new Set(annotations.map((annotation) => annotation.id)).size).toBe(9);
    const first = mergeImported([], annotations);
    expect(first.added).toHaveLength(9);
    expect(first.added.filter((annotation) => annotation.supersedes)).toEqual([]);
    const again = mergeImported(first.annotations, annotations);
    expect(again).toMatchObject({ added: [], unchanged: 9 });
  });

  it('give the first tier of a name the ids archives already hold, so they find them again', () => {
    const transcript = parseTextGrid(textGrid, { sourceName: 'same.TextGrid' });
    const { annotations } = transcriptToAnnotations(transcript, importOptions);
    const firstTier = annotations.filter((annotation) => !annotation.source?.tierOccurrence);
    expect(firstTier.map((annotation) => annotation.id)).toEqual(
      firstTier.map((annotation) =>
        deriveAnnotationId({
          ...annotation,
          position: `textgrid:words#${annotation.source?.index}`,
        }),
      ),
    );
    // An archive holding only the first tier (as imported before) gains the two others.
    const merged = mergeImported(firstTier, annotations);
    expect(merged.unchanged).toBe(3);
    expect(merged.added).toHaveLength(6);
    expect(merged.added.filter((annotation) => annotation.supersedes)).toEqual([]);
  });
});
