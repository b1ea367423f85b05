import { describe, expect, it } from 'vitest';
import {
  AnnotationEditError,
  annotationHistory,
  applyEdit,
  createAnnotation,
  currentAnnotations,
} from '../../../src/formats/index.js';

const original = createAnnotation({
  anchor: { kind: 'time', asset: 'rec-1', startMs: 0, endMs: 1200 },
  type: 'transcription',
  value: 'Pây tàng slam',
  author: 'Linh',
  created: '2024-03-01T09:00:00+07:00',
});
const other = createAnnotation({
  anchor: { kind: 'item' },
  type: 'note',
  value: 'sung at dusk',
  author: 'Hoa',
});

describe('editing annotations', () => {
  it('adds a new version that supersedes the old one and keeps the old one', () => {
    const before = [original, other];
    const after = applyEdit(before, {
      supersedes: original.id,
      value: 'Pây tàng slam vằn',
      author: 'Hoa',
    });
    expect(before).toHaveLength(2);
    expect(after).toHaveLength(3);
    expect(after).toContain(original);
    const edited = after[2];
    expect(edited).toMatchObject({
      supersedes: original.id,
      value: 'Pây tàng slam vằn',
      author: 'Hoa',
    });
    expect(edited?.anchor).toEqual(original.anchor);
    expect(edited?.id).not.toBe(original.id);
  });

  it('shows only the latest version as current, and the whole chain as history', () => {
    const once = applyEdit([original, other], {
      supersedes: original.id,
      value: 'second',
      author: 'Hoa',
    });
    const secondId = once[2]?.id ?? '';
    const twice = applyEdit(once, { supersedes: secondId, value: 'third', author: 'Linh' });
    expect(currentAnnotations(twice).map((annotation) => annotation.value)).toEqual([
      'sung at dusk',
      'third',
    ]);
    const history = annotationHistory(twice, secondId).map((annotation) => annotation.value);
    expect(history).toEqual(['Pây tàng slam', 'second', 'third']);
  });

  it('refuses to edit a version that was already superseded', () => {
    const once = applyEdit([original], { supersedes: original.id, value: 'second', author: 'Hoa' });
    expect(() =>
      applyEdit(once, { supersedes: original.id, value: 'fork', author: 'Linh' }),
    ).toThrow(AnnotationEditError);
    expect(() =>
      applyEdit(once, { supersedes: original.id, value: 'fork', author: 'Linh' }),
    ).toThrow(/already superseded by "an-/);
  });

  it('refuses to edit an unknown annotation, naming it', () => {
    expect(() =>
      applyEdit([original], { supersedes: 'an-missing', value: 'x', author: 'Linh' }),
    ).toThrow(/no annotation "an-missing"/);
  });

  it('gives two equal edits of two different annotations two different ids', () => {
    const twin = createAnnotation({ ...original, value: 'slam' });
    const list = [original, twin];
    const first = applyEdit(list, { supersedes: original.id, value: 'same', author: 'Hoa' }).at(-1);
    const second = applyEdit(list, { supersedes: twin.id, value: 'same', author: 'Hoa' }).at(-1);
    expect(first?.id).not.toBe(second?.id);
  });
});
