/** Transcript formats, the annotation model and controlled vocabularies. */

export {
  type AnchorIssue,
  checkRegion,
  checkTimeSpan,
} from '../model/annotations/anchor-checks.js';
export {
  type AnnotationBatchChange,
  type AppliedBatch,
  applyBatch,
} from '../model/annotations/annotation-batch.js';
export {
  type AnnotationConflict,
  type AnnotationEdit,
  AnnotationEditError,
  type AnnotationRetirement,
  annotationHistory,
  applyEdit,
  currentAnnotations,
  newAnnotationIn,
  retireAnnotation,
  retiredAnnotations,
} from '../model/annotations/annotation-history.js';
export { type AnnotationIdentity, deriveAnnotationId } from '../model/annotations/annotation-id.js';
export * from '../model/annotations/annotation-schema.js';
export {
  createAnnotation,
  InvalidAnnotationError,
  type NewAnnotation,
  validateAnnotation,
} from '../model/annotations/create-annotation.js';
export {
  type ImportOutcome,
  type MergeResult,
  mergeImported,
} from '../model/annotations/merge-import.js';
export { guessTierType } from '../model/annotations/tier-conventions.js';
export {
  checkAnnotationCount,
  DEFAULT_MAX_ANNOTATIONS,
  DEFAULT_MAX_DOCUMENT_BYTES,
  MAX_TIME_MS,
} from './document-limits.js';
export {
  annotationsToEaf,
  type EafExportOptions,
  type EafExportResult,
} from './eaf/annotations-to-eaf.js';
export { EafSchemaError, eafSchemaProblems } from './eaf/check-eaf-schema.js';
export type * from './eaf/eaf-model.js';
export { emptyEafDocument } from './eaf/eaf-model.js';
export {
  type EafImportOptions,
  type EafImportResult,
  eafToAnnotations,
} from './eaf/eaf-to-annotations.js';
export {
  EXPORTED_BY_PROPERTY,
  type HeaderRepair,
  ORIGINAL_DATE_PROPERTY,
} from './eaf/export-header.js';
export { parseEaf } from './eaf/read-eaf.js';
export { EAF_30_SCHEMA_URL, serializeEaf } from './eaf/write-eaf.js';
export { DocumentFormatError, type DocumentLocation } from './errors.js';
export type { ReadOptions } from './text-decoding.js';
export {
  annotationsToCues,
  annotationsToTiers,
  type TranscriptExportOptions,
} from './transcripts/annotations-to-transcript.js';
export { parsePlainText } from './transcripts/read-plain-text.js';
export { parseSrt } from './transcripts/read-srt.js';
export { parseTextGrid } from './transcripts/read-textgrid.js';
export { parseWebVtt } from './transcripts/read-webvtt.js';
export type * from './transcripts/transcript-model.js';
export {
  type TranscriptImportOptions,
  type TranscriptImportResult,
  transcriptToAnnotations,
} from './transcripts/transcript-to-annotations.js';
export { serializeTextGrid, type TextGridOptions } from './transcripts/write-textgrid.js';
export { serializeWebVtt } from './transcripts/write-webvtt.js';
export {
  parseVocabularyCsv,
  type VocabularyCsvOptions,
  vocabularyToCsv,
} from './vocabulary/vocabulary-csv.js';
export { parseVocabularyJson, vocabularyToJson } from './vocabulary/vocabulary-json.js';
export * from './vocabulary/vocabulary-schema.js';
export { UnwritableXmlTextError } from './xml/xml-text.js';
