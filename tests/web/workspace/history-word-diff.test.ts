import { describe, expect, it } from 'vitest';
import { diffWords } from '../../../web/src/workspace/history-word-diff.js';

const render = (before: string, after: string) =>
  diffWords(before, after)
    .map((part) =>
      part.kind === 'same'
        ? part.text
        : part.kind === 'added'
          ? `[+${part.text}]`
          : `[-${part.text}]`,
    )
    .join('');

describe('the word diff of two versions', () => {
  it('marks a word replaced in the middle', () => {
    expect(render('Then ơi, then ma bản slí', 'Then ơi, then về bản slí')).toBe(
      'Then ơi, then [-ma][+về] bản slí',
    );
  });

  it('marks words added at the end and removed at the start', () => {
    expect(render('a b c', 'a b c d')).toBe('a b c[+ d]');
    expect(render('x a b', 'a b')).toBe('[-x ]a b');
  });

  it('gives back both texts whole: the same and removed parts make the old, same and added the new', () => {
    const before = 'Pỉ noọng lồng slam mừa chầu, tàn tính đeo ngòn';
    const after = 'Anh em lồng slam về chầu, đàn tính đeo ngòn pây slúng';
    const parts = diffWords(before, after);
    expect(
      parts
        .filter((part) => part.kind !== 'added')
        .map((part) => part.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((part) => part.kind !== 'removed')
        .map((part) => part.text)
        .join(''),
    ).toBe(after);
  });

  it('says nothing changed for equal texts, and everything for a first text', () => {
    expect(diffWords('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }]);
    expect(diffWords('', 'new')).toEqual([{ kind: 'added', text: 'new' }]);
  });

  it('answers at once for very long texts that differ throughout', () => {
    const before = Array.from({ length: 5000 }, (_, index) => `a${index}`).join(' ');
    const after = Array.from({ length: 5000 }, (_, index) => `b${index}`).join(' ');
    const started = performance.now();
    const parts = diffWords(before, after);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(parts.map((part) => part.kind)).toEqual(['removed', 'added']);
  });
});
