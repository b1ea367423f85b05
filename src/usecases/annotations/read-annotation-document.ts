import {
  type ImportedDocument,
  parseAnnotationsDocument,
} from '../../archive/annotations-document.js';
import { EXPORTED_BY_PROPERTY } from '../../formats/eaf/export-header.js';
import { heritageTierType, isHeritageAnnotationId } from '../../formats/eaf/heritage-tiers.js';
import {
  type Annotation,
  type AnnotationType,
  annotationTypeSchema,
  checkAnnotationCount,
  createAnnotation,
  type EafDocument,
  eafToAnnotations,
  guessTierType,
  type IgnoredPart,
  parseEaf,
  parsePlainText,
  parseSrt,
  parseTextGrid,
  parseWebVtt,
  type ReadOptions,
  type Transcript,
  transcriptToAnnotations,
} from '../../formats/index.js';
import { decodeDocumentText } from '../../formats/text-decoding.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import type { ItemRecord } from '../../model/item-record.js';
import { pickRecording, type RecordingChoice, resolveAssetPath } from './pick-recording.js';

/** The document formats annotations are read from (asset `format` values, plus heritage JSON). */
export type AnnotationDocumentFormat = ImportedDocument['format'];

/** A transcript or annotation document to turn into annotations of one item. */
export interface AnnotationDocumentInput {
  bytes: Uint8Array;
  /** The document's name: shown in every error, and matched against recording names. */
  name: string;
  format: AnnotationDocumentFormat;
  sha256: string;
  record: ItemRecord;
  /** The size and count limits of the settings. */
  limits: Settings['annotations'];
  /** Author of annotations whose document does not name one. */
  author: string;
  /** When the annotations were made (default: now). */
  created?: string;
  /** The recording the times refer to; chosen from the item when absent. */
  recording?: string;
  /** Type per tier (EAF, TextGrid); `null` skips the tier. */
  tierTypes?: Readonly<Record<string, AnnotationType | null>>;
  /** Type of tiers whose names match no annotation type (EAF: skipped when absent). */
  defaultType?: AnnotationType;
}

/** A tier of a document: its name, and which of the tiers of that name it is (2 for the second). */
export interface TierRef {
  tier: string;
  tierOccurrence?: number;
}

/** Annotations read from a document, where they were anchored and what was left out. */
export interface AnnotationDocumentContent {
  annotations: Annotation[];
  /** Recording the spans were anchored to; undefined when they went to the whole item. */
  recording?: string;
  anchoring: string;
  /** The document's tiers in document order (none for heritage JSON and plain text). */
  tiers: TierRef[];
  skippedTiers: { tier: string; reason: string }[];
  /** Annotations of kept tiers that were left out, and why. */
  skipped: (TierRef & { reason: string })[];
  skippedAnnotations: number;
  /** What the reader passed over as the format's specification says (WebVTT). */
  ignored: IgnoredPart[];
  /** Annotation id -> the heritage id a WebVTT cue carries (what heritage exported it from). */
  cueIds: Map<string, string>;
  /** True for an ELAN document that carries heritage's export mark: heritage wrote it. */
  exportedByHeritage?: boolean;
}

/**
 * Reads a document into annotations of an item. Times are anchored to the chosen
 * recording; when there is none to choose, to the whole item (their times are then
 * lost, and the result says why). Throws `DocumentFormatError` or
 * `AnnotationsDocumentError` for a document that cannot be read, naming it and the line.
 */
export function readAnnotationDocument(input: AnnotationDocumentInput): AnnotationDocumentContent {
  const options = readOptions(input);
  switch (input.format) {
    case 'json': {
      // Decoded as every other document is: size limit, byte order marks, no NUL.
      const { annotations } = parseAnnotationsDocument(
        decodeDocumentText(input.bytes, options),
        input.name,
      );
      checkAnnotationCount(annotations.length, options);
      return {
        annotations,
        anchoring: 'as the document says',
        tiers: [],
        skippedTiers: [],
        skipped: [],
        skippedAnnotations: 0,
        ignored: [],
        cueIds: new Map(),
      };
    }
    case 'eaf':
      return readEaf(input, options);
    default:
      return readTranscript(input, parseTranscript(input, options));
  }
}

function readOptions(input: AnnotationDocumentInput): ReadOptions {
  return {
    sourceName: input.name,
    maxBytes: input.limits.maxDocumentBytes,
    maxAnnotations: input.limits.maxAnnotationsPerDocument,
  };
}

function readEaf(input: AnnotationDocumentInput, options: ReadOptions): AnnotationDocumentContent {
  const document = parseEaf(input.bytes, options);
  const choice = chooseRecording(input, document);
  const result = eafToAnnotations(document, {
    asset: choice.recording ?? UNANCHORED,
    author: input.author,
    created: input.created,
    documentSha256: input.sha256,
    tierTypes: tierTypesWithDefault(document, input),
  });
  return {
    annotations: choice.recording ? result.annotations : result.annotations.map(toItemAnchor),
    recording: choice.recording,
    anchoring: anchoringOf(choice),
    tiers: document.tiers.map((tier) => ({ tier: tier.id })),
    skippedTiers: result.skippedTiers,
    skipped: result.skippedAnnotations.map(({ tier, reason }) => ({ tier, reason })),
    skippedAnnotations: result.skippedAnnotations.length,
    ignored: [],
    cueIds: new Map(),
    exportedByHeritage: document.header.properties.some(
      (property) => property.name === EXPORTED_BY_PROPERTY,
    ),
  };
}

function readTranscript(
  input: AnnotationDocumentInput,
  transcript: Transcript,
): AnnotationDocumentContent {
  const timed = transcript.tiers.some((tier) => tier.kind !== 'untimed');
  const choice = timed ? chooseRecording(input) : { reason: 'plain text has no times' };
  const { languages } = input.record.item;
  const { annotations, skippedAnnotations } = transcriptToAnnotations(transcript, {
    asset: choice.recording ?? UNANCHORED,
    author: input.author,
    created: input.created,
    documentSha256: input.sha256,
    // Only an item in one language says what language its transcript is in.
    ...(languages.length === 1 ? { language: languages[0] } : {}),
    tierTypes: { ...exportedTierTypes(transcript), ...input.tierTypes },
    ...(input.defaultType ? { defaultType: input.defaultType } : {}),
  });
  const cueIds = new Map<string, string>();
  for (const annotation of annotations) {
    const tier = transcript.tiers.filter((candidate) => candidate.name === annotation.source?.tier)[
      (annotation.source?.tierOccurrence ?? 1) - 1
    ];
    const segment = tier?.segments[annotation.source?.index ?? -1];
    const cueId = segment && 'cueId' in segment ? segment.cueId : undefined;
    if (cueId !== undefined && isHeritageAnnotationId(cueId)) cueIds.set(annotation.id, cueId);
  }
  return {
    annotations: choice.recording || !timed ? annotations : annotations.map(toItemAnchor),
    recording: choice.recording,
    anchoring: timed ? anchoringOf(choice) : 'the whole item (plain text has no times)',
    tiers: tierRefs(transcript),
    skippedTiers: [],
    skipped: skippedAnnotations.map(({ index: _index, ...skipped }) => skipped),
    skippedAnnotations: skippedAnnotations.length,
    ignored: transcript.ignored ?? [],
    cueIds,
  };
}

/** The transcript's tiers in order, telling apart tiers that share a name. */
function tierRefs(transcript: Transcript): TierRef[] {
  const seen = new Map<string, number>();
  return transcript.tiers.map(({ name }) => {
    const occurrence = (seen.get(name) ?? 0) + 1;
    seen.set(name, occurrence);
    return occurrence === 1 ? { tier: name } : { tier: name, tierOccurrence: occurrence };
  });
}

/** The recording the caller named, else the one {@link pickRecording} finds for the document. */
function chooseRecording(input: AnnotationDocumentInput, eaf?: EafDocument): RecordingChoice {
  return input.recording
    ? { recording: resolveAssetPath(input.record, input.recording), reason: 'chosen by the caller' }
    : pickRecording(input.record, input.name, eaf);
}

function parseTranscript(input: AnnotationDocumentInput, options: ReadOptions): Transcript {
  switch (input.format) {
    case 'textgrid':
      return parseTextGrid(input.bytes, options);
    case 'vtt':
      return parseWebVtt(input.bytes, options);
    case 'srt':
      return parseSrt(input.bytes, options);
    default:
      return parsePlainText(input.bytes, options);
  }
}

/**
 * Types of tiers named as heritage's TextGrid export names them (`ritual`,
 * `transcription (Linh)`, `note 2`, `gloss points`), so that its exports read back as
 * what they were.
 */
function exportedTierTypes(transcript: Transcript): Record<string, AnnotationType> {
  const types: Record<string, AnnotationType> = {};
  for (const tier of transcript.tiers) {
    const match = EXPORTED_TIER_NAME.exec(tier.name);
    const type = annotationTypeSchema.safeParse(match?.[1]);
    if (type.success) types[tier.name] = type.data;
  }
  return types;
}

const EXPORTED_TIER_NAME = /^([a-z]+)(?: \(.+\))?(?: \d+)?(?: points)?$/;

/** Stands in for the recording while converting; never stored (see toItemAnchor). */
const UNANCHORED = '(no recording)';

/** Gives tiers that match no annotation type the default type, when one is set. */
function tierTypesWithDefault(
  document: EafDocument,
  input: AnnotationDocumentInput,
): Readonly<Record<string, AnnotationType | null>> | undefined {
  const { defaultType, tierTypes } = input;
  if (defaultType === undefined) return tierTypes;
  const types: Record<string, AnnotationType | null> = { ...tierTypes };
  for (const tier of document.tiers) {
    if (tier.id in types || heritageTierType(tier)) continue;
    if (guessTierType(tier.id, tier.linguisticTypeRef) === undefined) types[tier.id] = defaultType;
  }
  return types;
}

/** The same annotation on the whole item; its id stays stable across re-imports. */
function toItemAnchor(annotation: Annotation): Annotation {
  const { id: _id, anchor: _anchor, source, ...content } = annotation;
  return createAnnotation(
    { ...content, anchor: { kind: 'item' }, source },
    {
      position:
        `${source?.format}:${source?.tier}/${source?.elementId ?? `#${source?.index}`}` +
        (source?.tierOccurrence === undefined ? '' : JSON.stringify([source.tierOccurrence])),
    },
  );
}

function anchoringOf(choice: RecordingChoice): string {
  return choice.recording
    ? `${choice.recording} (${choice.reason})`
    : `the whole item, without times (${choice.reason})`;
}
