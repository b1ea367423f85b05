/**
 * Where words occur in a text, ignoring case and diacritics the way the server's search
 * does (src/infra/catalog/search-text.ts): `dan tinh` is found in `Đàn tính`. The server
 * decides what matches; this only says which characters of a snippet to mark.
 */

const COMBINING_MARKS = /\p{M}/gu;

function foldCharacter(character: string): string {
  return character
    .normalize('NFKD')
    .toLowerCase()
    .replace(COMBINING_MARKS, '')
    .replaceAll('đ', 'd');
}

/** The text folded, with the index in `text` of each folded character. */
function folded(text: string): { value: string; origin: number[] } {
  let value = '';
  const origin: number[] = [];
  let index = 0;
  for (const character of text) {
    const isSpace = /\s/u.test(character);
    // Runs of white space fold to one space, as on the server.
    const fold = isSpace ? (value.endsWith(' ') ? '' : ' ') : foldCharacter(character);
    for (const unit of fold) {
      value += unit;
      origin.push(index);
    }
    index += character.length;
  }
  return { value, origin };
}

/** The `[start, end)` spans of `text` that hold `words`, in order, not overlapping. */
export function matchSpans(text: string, words: string): [number, number][] {
  const query = folded(words.trim()).value;
  if (query === '') return [];
  const { value, origin } = folded(text);
  const spans: [number, number][] = [];
  let from = value.indexOf(query);
  while (from >= 0) {
    const last = from + query.length - 1;
    const start = origin[from] ?? 0;
    const lastOrigin = origin[last] ?? start;
    spans.push([start, endOfCharacter(text, lastOrigin)]);
    from = value.indexOf(query, last + 1);
  }
  return spans;
}

/** The index after the character at `index` and any combining marks that follow it. */
function endOfCharacter(text: string, index: number): number {
  let end = index + ((text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1);
  while (end < text.length && /\p{M}/u.test(String.fromCodePoint(text.codePointAt(end) ?? 0)))
    end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  return end;
}
