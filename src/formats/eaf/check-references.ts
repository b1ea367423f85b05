import { DocumentFormatError } from '../errors.js';
import type { EafDocument } from './eaf-model.js';

/**
 * Refuses a document whose ids repeat or whose references lead nowhere (time slots,
 * parent annotations, tiers, linguistic types): such a document cannot be converted to
 * annotations, and ELAN itself would not open it cleanly.
 */
export function checkEafReferences(
  document: EafDocument,
  sourceName: string,
  lineOf: WeakMap<object, number>,
): void {
  const fail = (target: object, message: string, field: string) =>
    new DocumentFormatError(sourceName, message, { line: lineOf.get(target), field });

  const timeSlotIds = new Set<string>();
  for (const slot of document.timeSlots) {
    if (timeSlotIds.has(slot.id))
      throw fail(slot, `time slot id "${slot.id}" is used twice`, 'TIME_SLOT_ID');
    timeSlotIds.add(slot.id);
  }
  const typeIds = new Set(document.linguisticTypes.map((type) => type.id));
  const tierIds = new Set<string>();
  const annotationIds = new Set<string>();
  for (const tier of document.tiers) {
    if (tierIds.has(tier.id)) throw fail(tier, `tier id "${tier.id}" is used twice`, 'TIER_ID');
    tierIds.add(tier.id);
    if (!typeIds.has(tier.linguisticTypeRef)) {
      throw fail(
        tier,
        `tier "${tier.id}" refers to unknown linguistic type "${tier.linguisticTypeRef}"`,
        'LINGUISTIC_TYPE_REF',
      );
    }
    for (const annotation of tier.annotations) {
      if (annotationIds.has(annotation.id)) {
        throw fail(annotation, `annotation id "${annotation.id}" is used twice`, 'ANNOTATION_ID');
      }
      annotationIds.add(annotation.id);
      if (annotation.kind !== 'alignable') continue;
      for (const field of ['timeSlotRef1', 'timeSlotRef2'] as const) {
        if (!timeSlotIds.has(annotation[field])) {
          const attribute = field === 'timeSlotRef1' ? 'TIME_SLOT_REF1' : 'TIME_SLOT_REF2';
          throw fail(
            annotation,
            `annotation "${annotation.id}" refers to unknown time slot "${annotation[field]}"`,
            attribute,
          );
        }
      }
    }
  }
  for (const tier of document.tiers) {
    if (tier.parentRef !== undefined && !tierIds.has(tier.parentRef)) {
      throw fail(
        tier,
        `tier "${tier.id}" refers to unknown parent tier "${tier.parentRef}"`,
        'PARENT_REF',
      );
    }
    for (const annotation of tier.annotations) {
      if (annotation.kind !== 'reference') continue;
      if (!annotationIds.has(annotation.annotationRef)) {
        throw fail(
          annotation,
          `annotation "${annotation.id}" refers to unknown annotation "${annotation.annotationRef}"`,
          'ANNOTATION_REF',
        );
      }
      if (
        annotation.previousAnnotation !== undefined &&
        !annotationIds.has(annotation.previousAnnotation)
      ) {
        throw fail(
          annotation,
          `annotation "${annotation.id}" follows unknown annotation "${annotation.previousAnnotation}"`,
          'PREVIOUS_ANNOTATION',
        );
      }
    }
  }
}
