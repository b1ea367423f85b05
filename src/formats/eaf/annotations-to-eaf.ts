import { currentAnnotations } from '../../model/annotations/annotation-history.js';
import type {
  Annotation,
  AnnotationType,
  TimeAnchor,
} from '../../model/annotations/annotation-schema.js';
import type { Vocabulary } from '../vocabulary/vocabulary-schema.js';
import { collectXmlIds, LanguageRegistry, TimeSlotAllocator } from './document-ids.js';
import type { EafAlignableAnnotation, EafAnnotation, EafDocument, EafTier } from './eaf-model.js';
import { type HeaderRepair, markExportHeader } from './export-header.js';
import {
  heritageLinguisticType,
  heritageTierType,
  heritageVocabularyId,
} from './heritage-tiers.js';
import { resolveAnnotationSpans, type Span } from './resolve-times.js';

/** What goes into the document besides the annotations. */
export interface EafExportOptions {
  /** Id of the recording the document transcribes; annotations of other recordings are ignored. */
  asset: string;
  /** The collection vocabulary, written as an ELAN controlled vocabulary for annotations with terms. */
  vocabulary?: Vocabulary /**
   * Who writes the export (e.g. `heritage 0.1.0`), recorded in a header PROPERTY; with it
   * a DATE the EAF 3.0 schema refuses is repaired (see export-header.ts).
   */;
  exportedBy?: string;
  /** The export time, for a repaired DATE (default: now). */
  now?: Date;
  /**
   * Annotations retired in heritage: those read from this document are left out of it,
   * with the ELAN annotations that refer to them (which, when still current, go to
   * heritage tiers like annotations made in heritage).
   */
  retired?: readonly Annotation[];
}

/** The updated document, the annotations it could not hold, and the header values it changed. */
export interface EafExportResult {
  document: EafDocument;
  skipped: { id: string; reason: string }[];
  repairs: HeaderRepair[];
}

type TimedAnnotation = Annotation & { anchor: TimeAnchor };

/**
 * Writes the current annotations of one recording into a copy of an ELAN document, so
 * that a linguist can go on in ELAN and import again without duplicates:
 * - annotations read from this document update their ELAN annotation (value, entry);
 * - the others go to heritage tiers, one per type and author (linguistic type
 *   `heritage-<type>`, ANNOTATOR = author), under their heritage ids, with the vocabulary
 *   as a multilingual controlled vocabulary (one CV_ENTRY_ML per term, a CVE_VALUE per label);
 * - the header stays as it was, with heritage's mark in a PROPERTY (`exportedBy`).
 * The input document is not changed.
 */
export function annotationsToEaf(
  source: EafDocument,
  annotations: readonly Annotation[],
  options: EafExportOptions,
): EafExportResult {
  const document = structuredClone(source);
  removeRetired(document, options.retired ?? []);
  const skipped: EafExportResult['skipped'] = [];
  const terms = new Set(options.vocabulary?.terms.map((term) => term.id));
  const located = locateAnnotations(document);
  const spans = resolveAnnotationSpans(document);
  const xmlIds = collectXmlIds(document);
  const slots = new TimeSlotAllocator(document, xmlIds);
  const languages = new LanguageRegistry(document, xmlIds);
  const fresh = new Map<string, TimedAnnotation[]>();
  const typesWithTerms = new Set<AnnotationType>();

  for (const annotation of currentAnnotations(annotations)) {
    if (annotation.anchor.kind !== 'time') {
      skipped.push({
        id: annotation.id,
        reason: `ELAN holds time spans only, not ${annotation.anchor.kind} anchors`,
      });
      continue;
    }
    if (annotation.anchor.asset !== options.asset) continue;
    const problem = termProblem(annotation, terms, options.vocabulary !== undefined);
    if (problem) {
      skipped.push({ id: annotation.id, reason: problem });
      continue;
    }
    const timed = annotation as TimedAnnotation;
    const place =
      annotation.source?.format === 'eaf'
        ? located.get(annotation.source.elementId ?? '')
        : undefined;
    if (place && place.tier.id === annotation.source?.tier) {
      const reason = updateInPlace(
        document,
        place,
        timed,
        spans.get(place.annotation.id),
        languages,
      );
      if (reason) skipped.push({ id: annotation.id, reason });
      if (heritageTierType(place.tier) && timed.terms.length > 0) typesWithTerms.add(timed.type);
      continue;
    }
    if (xmlIds.has(annotation.id)) {
      skipped.push({ id: annotation.id, reason: 'its id is already used in the document' });
      continue;
    }
    const key = JSON.stringify([annotation.type, annotation.author]);
    const group = fresh.get(key);
    if (group) group.push(timed);
    else fresh.set(key, [timed]);
    if (timed.terms.length > 0) typesWithTerms.add(timed.type);
  }

  const vocabularyId = options.vocabulary
    ? writeVocabulary(document, options.vocabulary, languages)
    : undefined;
  for (const group of fresh.values()) {
    const [first] = group;
    if (!first) continue;
    const tier = heritageTier(document, first);
    for (const annotation of group.sort((a, b) => a.anchor.startMs - b.anchor.startMs)) {
      tier.annotations.push({
        kind: 'alignable',
        id: annotation.id,
        timeSlotRef1: slots.add(annotation.anchor.startMs),
        timeSlotRef2: slots.add(annotation.anchor.endMs),
        ...(annotation.terms[0] === undefined ? {} : { cveRef: annotation.terms[0] }),
        ...(annotation.language === undefined
          ? {}
          : { langRef: languages.idFor(annotation.language) }),
        value: annotation.value,
      });
    }
  }
  for (const type of typesWithTerms) {
    const linguisticType = document.linguisticTypes.find(
      (candidate) => candidate.id === heritageLinguisticType(type),
    );
    if (linguisticType && vocabularyId) linguisticType.controlledVocabularyRef = vocabularyId;
  }
  const repairs =
    options.exportedBy === undefined
      ? []
      : markExportHeader(document, options.exportedBy, options.now ?? new Date());
  return { document, skipped, repairs };
}

/** Takes the ELAN annotations of retired heritage annotations out, and those that refer to them. */
function removeRetired(document: EafDocument, retired: readonly Annotation[]): void {
  const located = locateAnnotations(document);
  const removed = new Set<string>();
  for (const annotation of retired) {
    const { source } = annotation;
    const place = source?.format === 'eaf' ? located.get(source.elementId ?? '') : undefined;
    if (place && place.tier.id === source?.tier) removed.add(place.annotation.id);
  }
  if (removed.size === 0) return;
  for (let grew = true; grew; ) {
    grew = false;
    for (const { annotation } of located.values()) {
      if (
        annotation.kind === 'reference' &&
        !removed.has(annotation.id) &&
        removed.has(annotation.annotationRef)
      ) {
        removed.add(annotation.id);
        grew = true;
      }
    }
  }
  for (const tier of document.tiers) {
    const kept = tier.annotations.filter((annotation) => !removed.has(annotation.id));
    if (kept.length === tier.annotations.length) continue;
    const previousOf = new Map(
      tier.annotations.flatMap((annotation) =>
        annotation.kind === 'reference' ? [[annotation.id, annotation.previousAnnotation]] : [],
      ),
    );
    // A symbolic subdivision names its previous sibling: skip over the removed ones.
    for (const annotation of kept) {
      if (annotation.kind !== 'reference') continue;
      let previous = annotation.previousAnnotation;
      while (previous !== undefined && removed.has(previous)) previous = previousOf.get(previous);
      if (previous === undefined) delete annotation.previousAnnotation;
      else annotation.previousAnnotation = previous;
    }
    tier.annotations = kept;
  }
}

interface Placed {
  tier: EafTier;
  annotation: EafAnnotation;
}

function locateAnnotations(document: EafDocument): Map<string, Placed> {
  const located = new Map<string, Placed>();
  for (const tier of document.tiers) {
    for (const annotation of tier.annotations) located.set(annotation.id, { tier, annotation });
  }
  return located;
}

function termProblem(
  annotation: Annotation,
  terms: ReadonlySet<string>,
  haveVocabulary: boolean,
): string | undefined {
  if (annotation.terms.length > 1)
    return 'ELAN links an annotation to one vocabulary entry, this one has several terms';
  const [term] = annotation.terms;
  if (term === undefined) return undefined;
  if (!haveVocabulary) return `its term "${term}" needs the vocabulary, which was not given`;
  return terms.has(term) ? undefined : `its term "${term}" is not in the vocabulary`;
}

/** Brings an ELAN annotation up to date with its current heritage version. */
function updateInPlace(
  document: EafDocument,
  place: Placed,
  annotation: TimedAnnotation,
  span: Span | undefined,
  languages: LanguageRegistry,
): string | undefined {
  place.annotation.value = annotation.value;
  if (!heritageTierType(place.tier)) {
    const moved =
      span &&
      (span.startMs !== annotation.anchor.startMs || span.endMs !== annotation.anchor.endMs);
    return moved
      ? 'its value was updated, but ELAN annotations outside heritage tiers are not moved in time'
      : undefined;
  }
  const [term] = annotation.terms;
  if (term === undefined) delete place.annotation.cveRef;
  else place.annotation.cveRef = term;
  if (annotation.language === undefined) delete place.annotation.langRef;
  else place.annotation.langRef = languages.idFor(annotation.language);
  if (place.annotation.kind === 'alignable')
    moveHeritageAnnotation(document, place.annotation, annotation.anchor);
  return undefined;
}

/** Heritage annotations own their two time slots, so moving one moves only it. */
function moveHeritageAnnotation(
  document: EafDocument,
  annotation: EafAlignableAnnotation,
  anchor: TimeAnchor,
): void {
  for (const slot of document.timeSlots) {
    if (slot.id === annotation.timeSlotRef1) slot.value = anchor.startMs;
    if (slot.id === annotation.timeSlotRef2) slot.value = anchor.endMs;
  }
}

/** The heritage tier for this annotation's type and author, created (with its linguistic type) when missing. */
function heritageTier(document: EafDocument, sample: TimedAnnotation): EafTier {
  const typeId = heritageLinguisticType(sample.type);
  const existing = document.tiers.find(
    (tier) => tier.linguisticTypeRef === typeId && tier.annotator === sample.author,
  );
  if (existing) return existing;
  if (!document.linguisticTypes.some((type) => type.id === typeId)) {
    document.linguisticTypes.push({
      id: typeId,
      timeAlignable: 'true',
      graphicReferences: 'false',
    });
  }
  const tierIds = new Set(document.tiers.map((tier) => tier.id));
  const base = `${sample.type} (${sample.author})`;
  let id = base;
  for (let suffix = 2; tierIds.has(id); suffix += 1) id = `${base} ${suffix}`;
  const tier: EafTier = {
    id,
    linguisticTypeRef: typeId,
    annotator: sample.author,
    annotations: [],
  };
  document.tiers.push(tier);
  return tier;
}

/** Writes (or replaces) the vocabulary as a multilingual ELAN vocabulary; returns its CV_ID. */
function writeVocabulary(
  document: EafDocument,
  vocabulary: Vocabulary,
  languages: LanguageRegistry,
): string {
  const id = heritageVocabularyId(vocabulary.id);
  const entries = vocabulary.terms.map((term) => ({
    id: term.id,
    values: Object.entries(term.labels).map(([tag, label]) => ({
      langRef: languages.idFor(tag),
      text: label,
    })),
  }));
  const controlled = { id, descriptions: [], entries };
  const index = document.controlledVocabularies.findIndex((existing) => existing.id === id);
  if (index === -1) document.controlledVocabularies.push(controlled);
  else document.controlledVocabularies[index] = controlled;
  return id;
}
