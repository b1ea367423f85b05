import { eafLanguageFor } from './eaf-languages.js';
import type { EafDocument } from './eaf-model.js';

/**
 * Every value the EAF schema types as xsd:ID, which must be unique across the whole
 * document: annotation and time slot ids, but also language, locale, constraint,
 * external-reference, lexicon and link ids.
 */
export function collectXmlIds(document: EafDocument): Set<string> {
  const ids = new Set<string>();
  for (const slot of document.timeSlots) ids.add(slot.id);
  for (const tier of document.tiers)
    for (const annotation of tier.annotations) ids.add(annotation.id);
  for (const language of document.languages) ids.add(language.id);
  for (const locale of document.locales) ids.add(locale.languageCode);
  for (const constraint of document.constraints) ids.add(constraint.stereotype);
  for (const reference of document.externalRefs) ids.add(reference.id);
  for (const lexicon of document.lexiconRefs) ids.add(lexicon.id);
  for (const set of document.refLinkSets) {
    ids.add(set.id);
    for (const link of set.links) ids.add(link.id);
  }
  return ids;
}

/** Declares LANGUAGE elements on demand and gives the ELAN id of a BCP-47 tag. */
export class LanguageRegistry {
  constructor(
    private readonly document: EafDocument,
    private readonly xmlIds: Set<string>,
  ) {}

  idFor(tag: string): string {
    const language = eafLanguageFor(tag);
    if (this.document.languages.some((existing) => existing.id === language.id)) return language.id;
    if (this.xmlIds.has(language.id)) {
      throw new RangeError(
        `language id "${language.id}" (for ${tag}) is already used by another element of the document`,
      );
    }
    this.document.languages.push(language);
    this.xmlIds.add(language.id);
    return language.id;
  }
}

/** Hands out new time slot ids (`ts<n>` above the highest in use) and appends the slots. */
export class TimeSlotAllocator {
  private next: number;

  constructor(
    private readonly document: EafDocument,
    private readonly xmlIds: Set<string>,
  ) {
    this.next =
      document.timeSlots.reduce(
        (highest, slot) => Math.max(highest, Number(/^ts(\d+)$/.exec(slot.id)?.[1] ?? 0)),
        0,
      ) + 1;
  }

  add(valueMs: number): string {
    while (this.xmlIds.has(`ts${this.next}`)) this.next += 1;
    const id = `ts${this.next}`;
    this.next += 1;
    this.xmlIds.add(id);
    this.document.timeSlots.push({ id, value: valueMs });
    return id;
  }
}
