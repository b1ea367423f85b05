/*
 * A collection's vocabulary as the workspace reads and edits it: labels in the reader's
 * language first, search across every language (with or without diacritics), the
 * broader/narrower tree, and a term added or relabelled. Pure, for unit tests.
 */

export interface VocabularyTerm {
  id: string;
  /** Label by BCP-47 language tag (`tyz`, `vi` or `vie`, `en`). */
  labels: Record<string, string>;
  broader: string[];
}

/** `GET /vocabularies/{collection}`. */
export interface CollectionVocabulary {
  collection: string;
  id: string;
  version: string;
  terms: VocabularyTerm[];
}

/** The languages a vocabulary is labelled in, in the order the workspace offers them. */
export const LABEL_LANGUAGES = ['tyz', 'vi', 'en'] as const;

/** The primary language subtag, with ISO 639-2 codes folded into the app's two-letter ones. */
function primary(tag: string): string {
  const language = tag.toLowerCase().split('-')[0] ?? '';
  return ({ vie: 'vi', eng: 'en' } as Record<string, string>)[language] ?? language;
}

/** One label of a term, its language tag as the vocabulary spells it. */
export interface TermLabel {
  language: string;
  label: string;
}

/** A term's labels: the reader's language first, then Tày, Vietnamese, English, then any other. */
export function orderedLabels(term: VocabularyTerm, reader: string): TermLabel[] {
  const rank = (tag: string) => {
    const language = primary(tag);
    if (language === primary(reader)) return -1;
    const at = (LABEL_LANGUAGES as readonly string[]).indexOf(language);
    return at === -1 ? LABEL_LANGUAGES.length : at;
  };
  return Object.entries(term.labels)
    .map(([language, label]) => ({ language, label }))
    .sort((a, b) => rank(a.language) - rank(b.language) || a.language.localeCompare(b.language));
}

/** The label a reader sees first: in their language if the term has one, else the next best. */
export function mainLabel(term: VocabularyTerm, reader: string): string {
  return orderedLabels(term, reader)[0]?.label ?? term.id;
}

/** The tag a term's label of `language` is kept under (`vi` finds `vie` too), if it has one. */
export function labelTag(labels: Record<string, string>, language: string): string | undefined {
  return Object.keys(labels).find((tag) => primary(tag) === primary(language));
}

/** The label of `language`, if the term has one. */
export function labelIn(term: VocabularyTerm, language: string): string | undefined {
  const found = labelTag(term.labels, language);
  return found === undefined ? undefined : term.labels[found];
}

/** Text folded for search: lower case, no diacritics (so `le vat` finds `lễ vật`), đ as d. */
export function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .trim();
}

/**
 * The terms whose id or a label holds `query`, best first: a label that starts with it
 * before one that holds it, the reader's language before the others, then by label.
 * An empty query lists every term.
 */
export function searchTerms(
  terms: readonly VocabularyTerm[],
  query: string,
  reader: string,
): VocabularyTerm[] {
  const wanted = folded(query);
  const scored = terms.flatMap((term) => {
    if (wanted === '') return [{ term, score: 0 }];
    let score = Number.POSITIVE_INFINITY;
    const candidates = [
      ...orderedLabels(term, reader).map(({ language, label }) => ({ language, label })),
      { language: '', label: term.id },
    ];
    for (const { language, label } of candidates) {
      const text = folded(label);
      const at = text.indexOf(wanted);
      if (at === -1) continue;
      const own = primary(language) === primary(reader) ? 0 : 1;
      score = Math.min(score, (at === 0 ? 0 : 2) + own);
    }
    return Number.isFinite(score) ? [{ term, score }] : [];
  });
  return scored
    .sort(
      (a, b) =>
        a.score - b.score ||
        mainLabel(a.term, reader).localeCompare(mainLabel(b.term, reader), reader),
    )
    .map(({ term }) => term);
}

/** The chain of broader terms above `id` (following the first broader), from the top down. */
export function broaderPath(terms: readonly VocabularyTerm[], id: string): VocabularyTerm[] {
  const byId = new Map(terms.map((term) => [term.id, term]));
  const path: VocabularyTerm[] = [];
  const seen = new Set<string>([id]);
  let next = byId.get(id)?.broader[0];
  while (next !== undefined && !seen.has(next)) {
    const term = byId.get(next);
    if (!term) break;
    path.unshift(term);
    seen.add(next);
    next = term.broader[0];
  }
  return path;
}

/** The terms directly under `id`. */
export function narrowerTerms(terms: readonly VocabularyTerm[], id: string): VocabularyTerm[] {
  return terms.filter((term) => term.broader.includes(id));
}

/** What is wrong with a term as the editor would store it, as i18n keys; empty when fine. */
export type TermProblem = 'id' | 'idTaken' | 'label' | 'broader' | 'cycle';

/** The vocabulary's terms with `term` added, or put in place of the term with its id. */
export function withTerm(terms: readonly VocabularyTerm[], term: VocabularyTerm): VocabularyTerm[] {
  const at = terms.findIndex((candidate) => candidate.id === term.id);
  if (at === -1) return [...terms, term];
  return terms.map((candidate, index) => (index === at ? term : candidate));
}

/** An NCName such as the archive's term ids: a letter or `_` first, no spaces or colons. */
const TERM_ID = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

/** Checks a term before it is sent: the server checks again, this names the field. */
export function termProblems(
  terms: readonly VocabularyTerm[],
  term: VocabularyTerm,
  adding: boolean,
): TermProblem[] {
  const problems: TermProblem[] = [];
  if (!TERM_ID.test(term.id)) problems.push('id');
  else if (adding && terms.some((candidate) => candidate.id === term.id)) problems.push('idTaken');
  if (!Object.values(term.labels).some((label) => label.trim() !== '')) problems.push('label');
  const known = new Set(terms.map((candidate) => candidate.id));
  if (term.broader.some((id) => !known.has(id) || id === term.id)) problems.push('broader');
  else if (term.broader.some((id) => id === term.id || isBelow(terms, id, term.id)))
    problems.push('cycle');
  return problems;
}

/** Whether `id` lies under `ancestor` following broader terms. */
function isBelow(terms: readonly VocabularyTerm[], id: string, ancestor: string): boolean {
  const byId = new Map(terms.map((term) => [term.id, term]));
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (next === ancestor) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(byId.get(next)?.broader ?? []));
  }
  return false;
}
