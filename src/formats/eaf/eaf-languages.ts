import { parse as parseLanguageTag } from 'bcp-47';
import { iso6393, iso6393To1 } from 'iso-639-3';
import type { EafLanguage } from './eaf-model.js';

const threeLetterCodeOf = new Map(Object.entries(iso6393To1).map(([three, one]) => [one, three]));
const nameOfCode = new Map(iso6393.map((language) => [language.iso6393, language.name]));

/**
 * The ELAN LANGUAGE element for a BCP-47 tag. ELAN identifies languages by ISO 639-3
 * code, so a two-letter primary subtag becomes its three-letter code (`vi` -> `vie`,
 * `en-GB` -> `eng-GB`); the label is the ISO 639-3 name, as ELAN writes it ("Tày (tyz)").
 */
export function eafLanguageFor(tag: string): EafLanguage {
  const [primary = tag, ...rest] = tag.split('-');
  const code = threeLetterCodeOf.get(primary.toLowerCase()) ?? primary.toLowerCase();
  const id = [code, ...rest].join('-');
  const name = nameOfCode.get(code);
  const language: EafLanguage = { id };
  if (name !== undefined) language.label = `${name} (${id})`;
  if (!parseLanguageTag(tag).language)
    throw new RangeError(`"${tag}" is not a BCP-47 language tag`);
  return language;
}
