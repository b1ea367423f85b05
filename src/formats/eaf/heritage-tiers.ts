import {
  type AnnotationType,
  annotationTypeSchema,
} from '../../model/annotations/annotation-schema.js';
import type { EafTier } from './eaf-model.js';

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
