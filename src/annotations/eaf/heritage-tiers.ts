import { type AnnotationType, annotationTypeSchema } from '../model/annotation-schema.js';
import type { EafDocument, EafTier } from './eaf-model.js';

/*
 * Annotations made in heritage travel into ELAN on tiers of their own, one per type and
 * author, whose linguistic type is `heritage-<type>` and whose ANNOTATOR is the author.
 * Their ELAN annotation ids are the heritage ids, which is how a re-import finds them.
 */

const LINGUISTIC_TYPE_PREFIX = 'heritage-';

/** The linguistic type id of heritage tiers of this annotation type. */
export function heritageLinguisticType(type: AnnotationType): string {
  return `${LINGUISTIC_TYPE_PREFIX}${type}`;
}

/** The annotation type of a heritage tier, or undefined for any other tier. */
export function heritageTierType(tier: EafTier): AnnotationType | undefined {
  if (!tier.linguisticTypeRef.startsWith(LINGUISTIC_TYPE_PREFIX)) return undefined;
  const parsed = annotationTypeSchema.safeParse(
    tier.linguisticTypeRef.slice(LINGUISTIC_TYPE_PREFIX.length),
  );
  return parsed.success ? parsed.data : undefined;
}

/** The controlled vocabulary id that carries a heritage vocabulary into ELAN. */
export function heritageVocabularyId(vocabularyId: string): string {
  return `${LINGUISTIC_TYPE_PREFIX}${vocabularyId}`;
}

/** Ids derived by deriveAnnotationId: `an-` and 32 hex digits. */
export function isHeritageAnnotationId(id: string): boolean {
  return /^an-[0-9a-f]{32}$/.test(id);
}

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
