import { parse as parseBcp47 } from 'bcp-47';
import { iso6393 } from 'iso-639-3';

const iso6393Codes = new Set(iso6393.map((language) => language.iso6393));
const iso6391Codes = new Set(iso6393.flatMap((language) => language.iso6391 ?? []));
const nameOfCode = new Map(iso6393.map((language) => [language.iso6393, language.name]));

/**
 * Checks a language tag: an ISO 639-3 code (`tyz`, `vie`, `nut`) or a BCP-47 tag
 * built on one (`tyz-Latn`, `tyz-Hani` for Nôm Tày, `vi-VN`). Returns the tag in
 * canonical case, or throws an error that says what is wrong with it.
 */
export function normaliseLanguageTag(tag: string): string {
  const trimmed = tag.trim();
  const parsed = parseBcp47(trimmed);
  if (!parsed.language) throw new Error(`"${tag}" is not a BCP-47 language tag`);
  const language = parsed.language.toLowerCase();
  const known = language.length === 3 ? iso6393Codes.has(language) : iso6391Codes.has(language);
  if (!known) throw new Error(`"${language}" is not an ISO 639-3 (or 639-1) language code`);
  const script = parsed.script
    ? parsed.script[0]?.toUpperCase() + parsed.script.slice(1).toLowerCase()
    : undefined;
  const region = parsed.region?.toUpperCase();
  return [language, script, region, ...parsed.variants].filter(Boolean).join('-');
}

/** The English name of a tag's language, e.g. `tyz-Latn` -> `Tày`. */
export function languageName(tag: string): string | undefined {
  const primary = tag.split('-')[0]?.toLowerCase() ?? '';
  if (primary.length === 3) return nameOfCode.get(primary);
  return iso6393.find((language) => language.iso6391 === primary)?.name;
}
