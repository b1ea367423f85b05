/**
 * Folding of text for accent- and case-insensitive search, done in JavaScript rather
 * than SQL so that PostgreSQL and PGlite (which has no `unaccent` loaded by default)
 * fold identically: `search_text` columns hold folded text, queries are folded the
 * same way, and `search_text LIKE '%' || $1 || '%'` finds `đàn tính` from `dan tinh`.
 *
 * Written by hand because it is three calls into the platform's own Unicode data
 * (`normalize`, `\p{M}`, `toLowerCase`); transliteration libraries would also rewrite
 * non-Latin scripts such as Nôm Tày, which must stay searchable as written.
 */

const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE_RUNS = /\s+/gu;
const LIKE_WILDCARDS = /[\\%_]/g;

/** Folds text for search: no diacritics, `đ` as `d`, lower case, single spaces. */
export function foldForSearch(text: string): string {
  return (
    text
      // NFKD rather than NFD: it also unfolds OCR ligatures (ﬁ) and full-width forms.
      .normalize('NFKD')
      .toLowerCase()
      .replace(COMBINING_MARKS, '')
      // Vietnamese and Tày đ (U+0111) is a letter of its own, not d + a mark.
      .replaceAll('đ', 'd')
      .replace(WHITESPACE_RUNS, ' ')
      .trim()
  );
}

/**
 * Folds a user's query and escapes LIKE's wildcards, ready for
 * `search_text LIKE '%' || $1 || '%'` (backslash is PostgreSQL's default LIKE escape).
 */
export function likeSearchTerm(query: string): string {
  return foldForSearch(query).replace(LIKE_WILDCARDS, (wildcard) => `\\${wildcard}`);
}
