import { describe, expect, it } from 'vitest';
import { matchSpans } from '../../web/src/text/fold.js';

const marked = (text: string, words: string) =>
  matchSpans(text, words).map(([start, end]) => text.slice(start, end));

describe('the places a search marks in a snippet', () => {
  it('ignores accents and case as the server does, đ included', () => {
    expect(marked('Then cầu mùa – Lượn đêm trăng', 'luon dem')).toEqual(['Lượn đêm']);
    expect(marked('Đàn tính của bản Khâu', 'DAN TINH')).toEqual(['Đàn tính']);
  });

  it('marks every place, also inside longer words', () => {
    expect(marked('lượn slương, lượn', 'luon')).toEqual(['lượn', 'lươn', 'lượn']);
  });

  it('keeps the combining marks of decomposed text with their letter', () => {
    const decomposed = 'then cầu'.normalize('NFD');
    expect(marked(decomposed, 'cau')).toEqual(['cầu'.normalize('NFD')]);
  });

  it('matches across runs of white space as one space', () => {
    expect(marked('lượn\n  đêm', 'luon dem')).toEqual(['lượn\n  đêm']);
  });

  it('marks nothing for no words', () => {
    expect(matchSpans('lượn', '  ')).toEqual([]);
  });
});
