import { describe, expect, it } from 'vitest';
import {
  AnnotationEditError,
  annotationHistory,
  applyBatch,
  applyEdit,
  createAnnotation,
  currentAnnotations,
  InvalidAnnotationError,
  retireAnnotation,
  validateAnnotation,
} from '../../../src/formats/index.js';

const word = createAnnotation({
  anchor: { kind: 'time', asset: 'rec-1', startMs: 0, endMs: 1200 },
  type: 'transcription',
  value: 'Pây tàng slam',
  author: 'Linh',
  origin: { kind: 'machine', tool: 'whisper large-v3' },
  source: { format: 'eaf', tier: 'words', elementId: 'a1' },
});
const note = createAnnotation({
  anchor: { kind: 'item' },
  type: 'note',
  value: 'sung at dusk',
  author: 'Hoa',
});

/** The error `act` throws, for looking into. */
function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('retiring an annotation', () => {
  it('adds a version that copies the content, is marked retired and leaves what readers see', () => {
    const after = retireAnnotation([word, note], { retires: word.id, author: 'Hoa' });
    expect(after).toHaveLength(3);
    const retirement = after[2];
    expect(retirement).toMatchObject({
      supersedes: word.id,
      retired: true,
      value: word.value,
      anchor: word.anchor,
      source: word.source,
      origin: word.origin,
      author: 'Hoa',
    });
    expect(validateAnnotation(retirement)).toEqual(retirement);
    expect(currentAnnotations(after)).toEqual([note]);
    expect(annotationHistory(after, word.id).map((version) => version.retired)).toEqual([
      undefined,
      true,
    ]);
  });

  it('refuses to retire twice, or a version already replaced, naming the current version', () => {
    const retired = retireAnnotation([word], { retires: word.id, author: 'Hoa' });
    const retirement = retired[1]?.id;
    for (const id of [word.id, retirement ?? '']) {
      const error = thrown(() => retireAnnotation(retired, { retires: id, author: 'Hoa' }));
      expect(error).toBeInstanceOf(AnnotationEditError);
      expect((error as AnnotationEditError).conflicts[0]?.current).toBe(retirement);
    }
  });

  it('is undone by superseding the retirement, with or without changes', () => {
    const retired = retireAnnotation([word, note], { retires: word.id, author: 'Hoa' });
    const retirement = retired[2]?.id ?? '';
    const restored = applyEdit(retired, { supersedes: retirement, author: 'Linh' });
    const back = restored[3];
    expect(back).toMatchObject({ value: word.value, supersedes: retirement, author: 'Linh' });
    expect(back?.retired).toBeUndefined();
    expect(currentAnnotations(restored)).toEqual([note, back]);
    expect(annotationHistory(restored, word.id).map((version) => version.id)).toEqual([
      word.id,
      retirement,
      back?.id,
    ]);
    // Retired again, then restored again: each step is a new version of one line.
    const again = retireAnnotation(restored, { retires: back?.id ?? '', author: 'Hoa' });
    const twice = applyEdit(again, {
      supersedes: again.at(-1)?.id ?? '',
      value: 'Pây tàng',
      author: 'Linh',
    });
    expect(currentAnnotations(twice).map((annotation) => annotation.value)).toEqual([
      'sung at dusk',
      'Pây tàng',
    ]);
    expect(annotationHistory(twice, word.id)).toHaveLength(5);
  });
});

describe('applying a batch of changes', () => {
  const by = { author: 'Linh', created: '2026-12-04T02:00:00Z' };

  it('applies a split and a removal together, in the order given', () => {
    const batch = applyBatch(
      [word, note],
      [
        {
          op: 'supersede',
          id: word.id,
          value: 'Pây tàng',
          anchor: { kind: 'time', asset: 'rec-1', startMs: 0, endMs: 600 },
        },
        {
          op: 'add',
          type: 'transcription',
          value: 'slam',
          anchor: { kind: 'time', asset: 'rec-1', startMs: 600, endMs: 1200 },
        },
        { op: 'retire', id: note.id },
      ],
      by,
    );
    expect(batch.saved.map((saved) => [saved.op, saved.annotation.value])).toEqual([
      ['supersede', 'Pây tàng'],
      ['add', 'slam'],
      ['retire', 'sung at dusk'],
    ]);
    expect(batch.added).toHaveLength(3);
    expect(batch.annotations).toHaveLength(5);
    expect(currentAnnotations(batch.annotations).map((annotation) => annotation.value)).toEqual([
      'Pây tàng',
      'slam',
    ]);
    expect(batch.saved.every((saved) => saved.annotation.created === by.created)).toBe(true);
  });

  it('is all or nothing: one stale change refuses the batch, naming it and the current version', () => {
    const edited = applyEdit([word, note], { supersedes: word.id, value: 'newer', author: 'Hoa' });
    const current = edited[2]?.id;
    const before = [...edited];
    const error = thrown(() =>
      applyBatch(
        edited,
        [
          { op: 'add', type: 'note', value: 'would be new' },
          { op: 'retire', id: word.id },
          { op: 'supersede', id: 'an-missing', value: 'x' },
        ].map((change) =>
          change.op === 'add' ? { ...change, anchor: { kind: 'item' as const } } : change,
        ) as Parameters<typeof applyBatch>[1],
        by,
      ),
    );
    expect(error).toBeInstanceOf(AnnotationEditError);
    expect((error as AnnotationEditError).conflicts).toEqual([
      expect.objectContaining({ change: 1, annotation: word.id, current }),
      expect.objectContaining({ change: 2, annotation: 'an-missing' }),
    ]);
    expect(edited).toEqual(before);
  });

  it('refuses a change to a version an earlier change of the same batch replaced', () => {
    const error = thrown(() =>
      applyBatch(
        [word],
        [
          { op: 'supersede', id: word.id, value: 'first' },
          { op: 'retire', id: word.id },
        ],
        by,
      ),
    );
    expect((error as AnnotationEditError).conflicts[0]).toMatchObject({ change: 1 });
  });

  it('names the change and field of bad content, and an empty supersede of a current annotation', () => {
    const error = thrown(() =>
      applyBatch(
        [word],
        [
          { op: 'add', type: 'note', value: 'fine', anchor: { kind: 'item' } },
          {
            op: 'add',
            type: 'note',
            value: 'bad',
            language: 'not a tag!',
            anchor: { kind: 'item' },
          },
          { op: 'supersede', id: word.id },
        ],
        by,
      ),
    );
    expect(error).toBeInstanceOf(InvalidAnnotationError);
    expect((error as InvalidAnnotationError).issues).toEqual([
      expect.objectContaining({ change: 1, field: 'changes.1.language' }),
      expect.objectContaining({ change: 2 }),
    ]);
  });

  it('counts an add of an annotation the item holds as unchanged, answering its id', () => {
    const batch = applyBatch(
      [note],
      [{ op: 'add', type: 'note', value: 'sung at dusk', anchor: { kind: 'item' } }],
      { author: 'Hoa' },
    );
    expect(batch.added).toEqual([]);
    expect(batch.unchanged).toBe(1);
    expect(batch.saved[0]?.annotation.id).toBe(note.id);
  });

  it('is harmless sent again: a split and a removal already saved change nothing', () => {
    const changes = [
      {
        op: 'supersede' as const,
        id: word.id,
        value: 'Pây tàng',
        anchor: { kind: 'time' as const, asset: 'rec-1', startMs: 0, endMs: 600 },
      },
      {
        op: 'add' as const,
        type: 'transcription' as const,
        value: 'slam',
        anchor: { kind: 'time' as const, asset: 'rec-1', startMs: 600, endMs: 1200 },
      },
      { op: 'retire' as const, id: note.id },
    ];
    const first = applyBatch([word, note], changes, by);
    const again = applyBatch(first.annotations, changes, {
      ...by,
      created: '2026-12-04T03:00:00Z',
    });
    expect(again.added).toEqual([]);
    expect(again.unchanged).toBe(3);
    expect(again.annotations).toEqual(first.annotations);
    expect(again.saved.map((saved) => saved.annotation.id)).toEqual(
      first.saved.map((saved) => saved.annotation.id),
    );
    // Another person's different edit of the same version stays a conflict.
    expect(thrown(() => applyBatch(first.annotations, changes, { author: 'Hoa' }))).toBeInstanceOf(
      AnnotationEditError,
    );
  });

  it('shows words put back where they were removed, instead of counting them as there', () => {
    const removed = applyBatch([note], [{ op: 'retire', id: note.id }], { author: 'Hoa' });
    const putBack = applyBatch(
      removed.annotations,
      [{ op: 'add', type: 'note', value: 'sung at dusk', anchor: { kind: 'item' } }],
      { author: 'Hoa' },
    );
    expect(putBack.added).toHaveLength(1);
    expect(putBack.saved[0]?.annotation.id).not.toBe(note.id);
    expect(currentAnnotations(putBack.annotations).map((annotation) => annotation.value)).toEqual([
      'sung at dusk',
    ]);
    // Sent again, the put-back adds nothing more.
    const again = applyBatch(
      putBack.annotations,
      [{ op: 'add', type: 'note', value: 'sung at dusk', anchor: { kind: 'item' } }],
      { author: 'Hoa' },
    );
    expect(again.added).toEqual([]);
  });

  it('is a conflict, not a repeat, when what the change made has itself been replaced since', () => {
    const retired = applyBatch([note], [{ op: 'retire', id: note.id }], { author: 'Hoa' });
    const retirement = retired.saved[0]?.annotation.id ?? '';
    const restored = applyBatch(retired.annotations, [{ op: 'supersede', id: retirement }], {
      author: 'Linh',
    });
    expect(
      thrown(() =>
        applyBatch(restored.annotations, [{ op: 'retire', id: note.id }], { author: 'Hoa' }),
      ),
    ).toBeInstanceOf(AnnotationEditError);
  });
});
