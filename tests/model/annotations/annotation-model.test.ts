import { describe, expect, it } from 'vitest';
import {
  annotationSchema,
  createAnnotation,
  deriveAnnotationId,
  InvalidAnnotationError,
  validateAnnotation,
} from '../../../src/formats/index.js';

const decomposed = 'Then nói khu\u0309n'; // "khửn" written with a combining hook above
const composed = decomposed.normalize('NFC');
const span = { kind: 'time', asset: 'rec-1', startMs: 1000, endMs: 2500 } as const;

describe('annotation values are Unicode NFC', () => {
  it('normalises the value of a new annotation to NFC', () => {
    const annotation = createAnnotation({
      anchor: span,
      type: 'transcription',
      value: decomposed,
      author: 'Linh',
    });
    expect(decomposed).not.toBe(composed);
    expect(annotation.value).toBe(composed);
  });

  it('refuses a stored annotation whose value is not NFC, naming the field', () => {
    const stored = createAnnotation({
      anchor: span,
      type: 'transcription',
      value: composed,
      author: 'Linh',
    });
    expect(() => validateAnnotation({ ...stored, value: decomposed })).toThrow(
      /value must be Unicode NFC/,
    );
  });

  it('gives decomposed and composed input the same id', () => {
    const a = createAnnotation({ anchor: span, type: 'gloss', value: decomposed, author: 'Linh' });
    const b = createAnnotation({ anchor: span, type: 'gloss', value: composed, author: 'Linh' });
    expect(a.id).toBe(b.id);
  });
});

describe('annotation schema', () => {
  const valid = createAnnotation({
    anchor: span,
    type: 'ritual',
    value: 'khửn',
    author: 'Linh',
    terms: ['invocation'],
  });

  it('accepts the three kinds of anchor', () => {
    const region = {
      kind: 'region',
      asset: 'scan-1',
      page: 2,
      x: 10,
      y: 20,
      width: 300,
      height: 40,
    } as const;
    for (const anchor of [span, region, { kind: 'item' } as const]) {
      expect(annotationSchema.safeParse({ ...valid, anchor }).success).toBe(true);
    }
  });

  it.each([
    [{ anchor: { ...span, endMs: 500 } }, 'anchor.endMs must not be before startMs'],
    [{ anchor: { ...span, startMs: 1.5 } }, 'anchor.startMs'],
    [
      { anchor: { kind: 'region', asset: 's', page: 0, x: 0, y: 0, width: 1, height: 1 } },
      'anchor.page',
    ],
    [
      { anchor: { kind: 'region', asset: 's', page: 1, x: 0, y: 0, width: 0, height: 1 } },
      'anchor.width',
    ],
    [{ type: 'summary' }, 'type'],
    [{ language: 'not a tag' }, 'language must be a BCP-47 language tag'],
    [{ terms: ['has space'] }, 'terms.0'],
    [{ created: 'yesterday' }, 'created'],
    [{ author: '' }, 'author'],
  ])('refuses %o, naming %s', (change, field) => {
    expect(() => validateAnnotation({ ...valid, ...change })).toThrow(InvalidAnnotationError);
    expect(() => validateAnnotation({ ...valid, ...change })).toThrow(field);
  });
});

describe('derived ids', () => {
  const identity = {
    anchor: span,
    type: 'transcription',
    value: 'slam',
    terms: [],
    author: 'Linh',
  } as const;

  it('are the same for the same content and stable across runs', () => {
    expect(deriveAnnotationId(identity)).toBe(deriveAnnotationId({ ...identity, terms: [] }));
    expect(deriveAnnotationId(identity)).toMatch(/^an-[0-9a-f]{32}$/);
  });

  it('differ when anchor, type, value, author, language or position differ', () => {
    const variants = [
      { ...identity, anchor: { ...span, endMs: 2501 } },
      { ...identity, type: 'gloss' as const },
      { ...identity, value: 'slám' },
      { ...identity, author: 'Hoa' },
      { ...identity, language: 'tyz' },
      { ...identity, position: 'eaf:words/a2' },
    ];
    const ids = new Set([identity, ...variants].map(deriveAnnotationId));
    expect(ids.size).toBe(variants.length + 1);
  });

  it('do not depend on the order of terms', () => {
    expect(deriveAnnotationId({ ...identity, terms: ['a', 'b'] })).toBe(
      deriveAnnotationId({ ...identity, terms: ['b', 'a'] }),
    );
  });
});
