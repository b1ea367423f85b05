import { parse as parseLanguageTag } from 'bcp-47';
import type { Annotation, AnnotationType } from '../../model/annotations/annotation-schema.js';
import { createAnnotation, validateAnnotation } from '../../model/annotations/create-annotation.js';
import { guessTierType } from '../../model/annotations/tier-conventions.js';
import type { EafDocument, EafTier } from './eaf-model.js';
import { heritageTierType, isHeritageAnnotationId } from './heritage-tiers.js';
import { resolveAnnotationSpans } from './resolve-times.js';

/** Facts an ELAN document does not carry. */
export interface EafImportOptions {
  /** Id of the recording the document's times refer to. */
  asset: string;
  /** Author of annotations on tiers without an ANNOTATOR. */
  author: string;
  created?: string;
  documentSha256?: string;
  /** Type per tier id, overriding heritage tiers and name conventions; `null` skips a tier. */
  tierTypes?: Readonly<Record<string, AnnotationType | null>>;
}

/** Annotations read from a document, and what was left out and why. */
export interface EafImportResult {
  annotations: Annotation[];
  skippedTiers: { tier: string; reason: string }[];
  skippedAnnotations: { tier: string; elementId: string; reason: string }[];
}

/**
 * Turns ELAN tiers into annotations. A tier's type comes from `tierTypes`, else from a
 * heritage linguistic type, else from its tier and linguistic type names (transcription,
 * translation, gloss, note...); tiers that match nothing are skipped and reported. Each
 * annotation records its tier and ELAN id; its own id is derived from content and that
 * position (heritage tiers keep the heritage id), so a re-import adds no duplicates.
 */
export function eafToAnnotations(
  document: EafDocument,
  options: EafImportOptions,
): EafImportResult {
  const spans = resolveAnnotationSpans(document);
  const result: EafImportResult = { annotations: [], skippedTiers: [], skippedAnnotations: [] };
  for (const tier of document.tiers) {
    const override = options.tierTypes?.[tier.id];
    const heritageType = heritageTierType(tier);
    const type =
      override === null
        ? undefined
        : (override ?? heritageType ?? guessTierType(tier.id, tier.linguisticTypeRef));
    if (type === undefined) {
      result.skippedTiers.push({
        tier: tier.id,
        reason:
          override === null
            ? 'excluded by tierTypes'
            : 'its names match no annotation type; name it in tierTypes',
      });
      continue;
    }
    for (const annotation of tier.annotations) {
      const span = spans.get(annotation.id);
      if (!span || span.endMs < span.startMs) {
        result.skippedAnnotations.push({
          tier: tier.id,
          elementId: annotation.id,
          reason: span
            ? 'its time span ends before it starts'
            : 'no time slot of its tier or parent is aligned',
        });
        continue;
      }
      const isHeritage = heritageType !== undefined && override === undefined;
      const imported = createAnnotation(
        {
          anchor: { kind: 'time', asset: options.asset, ...span },
          type,
          value: annotation.value,
          terms: isHeritage && annotation.cveRef !== undefined ? [annotation.cveRef] : [],
          author: tier.annotator || options.author,
          created: options.created,
          language: languageOf(annotation.langRef ?? tier.langRef),
          source: {
            format: 'eaf',
            tier: tier.id,
            elementId: annotation.id,
            ...(options.documentSha256 === undefined
              ? {}
              : { documentSha256: options.documentSha256 }),
          },
        },
        { position: positionOf(tier, annotation.id) },
      );
      // Heritage tiers carry the heritage id; mergeImported notices when ELAN changed the content.
      const keepId = isHeritage && isHeritageAnnotationId(annotation.id);
      result.annotations.push(
        keepId ? validateAnnotation({ ...imported, id: annotation.id }) : imported,
      );
    }
  }
  return result;
}

function positionOf(tier: EafTier, elementId: string): string {
  return `eaf:${tier.id}/${elementId}`;
}

/** ELAN language ids are usually ISO 639-3 codes; anything that is not a BCP-47 tag is dropped. */
function languageOf(langRef: string | undefined): string | undefined {
  return langRef !== undefined && parseLanguageTag(langRef).language ? langRef : undefined;
}
