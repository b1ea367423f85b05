import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import {
  type AnnotationsDocument,
  readAnnotationsDocument,
  serializeAnnotationsDocument,
} from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import { UnknownItemError } from '../../archive/item-version.js';
import { readItemRecord } from '../../archive/object-files.js';
import {
  type Annotation,
  type AnnotationType,
  annotationsToCues,
  annotationsToEaf,
  annotationsToTiers,
  currentAnnotations,
  type EafDocument,
  emptyEafDocument,
  type HeaderRepair,
  parseEaf,
  retiredAnnotations,
  serializeEaf,
  serializeTextGrid,
  serializeWebVtt,
} from '../../formats/index.js';
import { heritageAgent } from '../../infra/package/heritage-version.js';
import { decideAccess } from '../../model/access-policy.js';
import { archiveOperator } from '../../model/archive-operator.js';
import type { Asset } from '../../model/asset.js';
import type { ItemRecord } from '../../model/item-record.js';
import { recordingFacts } from '../../model/media-facts.js';
import { accessFactsOfRecord } from '../../model/record-access-facts.js';
import { readCollectionVocabulary } from './collection-vocabulary.js';

export const annotationExportFormats = ['eaf', 'textgrid', 'vtt', 'json'] as const;
export type AnnotationExportFormat = (typeof annotationExportFormats)[number];

/** What to export. */
export interface AnnotationExportRequest {
  itemId: string;
  format: AnnotationExportFormat;
  /** The recording whose annotations go out (EAF, TextGrid, WebVTT); the only one by default. */
  recording?: string;
  /** Only these types (EAF, TextGrid, WebVTT; default all). */
  types?: readonly AnnotationType[];
}

/** An exported document, and the annotations it could not hold. */
export interface AnnotationExport {
  content: string;
  /** A file name for it, e.g. `then-001.eaf`. */
  fileName: string;
  recording?: string;
  /** The ELAN document the export was built on, when the item was imported from one. */
  basedOn?: string;
  annotations: number;
  skipped: { id: string; reason: string }[];
  /** ELAN header values the export had to change (a DATE the schema refuses). */
  repairs: HeaderRepair[];
}

/** An export the access policy or the request does not allow; the message says why. */
export class AnnotationExportError extends Error {
  override readonly name = 'AnnotationExportError';
}

/**
 * Exports an item's annotations: JSON is `metadata/annotations.json` itself (full
 * history); TextGrid and WebVTT hold the current time-anchored annotations of one
 * recording; ELAN re-creates the latest EAF document imported for that recording with
 * the annotations made in heritage as tiers of their own and the collection vocabulary
 * as an ELAN controlled vocabulary, so importing it again adds no duplicates. The access
 * policy decides (purpose `curate`, as an operator): secret/sacred items never leave the archive.
 */
export async function exportAnnotations(
  archive: Archive,
  request: AnnotationExportRequest,
): Promise<AnnotationExport> {
  const head = await readItemRecord(archive.objects, request.itemId);
  if (!head) throw new UnknownItemError(`no item "${request.itemId}" in the archive`);
  const { record } = head;
  const decision = decideAccess(archiveOperator, accessFactsOfRecord(record), 'curate');
  if (!decision.allowed) {
    throw new AnnotationExportError(
      `item ${record.item.id} cannot be exported: ${decision.reason}`,
    );
  }
  const document = await readAnnotationsDocument(archive.objects, request.itemId, head.version);
  if (request.format === 'json') {
    return {
      content: serializeAnnotationsDocument(document),
      fileName: `${record.item.id}.annotations.json`,
      annotations: document.annotations.length,
      skipped: [],
      repairs: [],
    };
  }
  const recording = chooseRecording(record, request.recording);
  const selected = currentAnnotations(document.annotations).filter(
    (annotation) => request.types === undefined || request.types.includes(annotation.type),
  );
  const stem = path.posix.parse(recording.originalName ?? recording.path).name;
  const options = { asset: recording.path };
  if (request.format === 'vtt') {
    const cues = annotationsToCues(selected, options);
    return {
      content: serializeWebVtt(cues),
      fileName: `${stem}.vtt`,
      recording: recording.path,
      annotations: cues.length,
      skipped: [],
      repairs: [],
    };
  }
  if (request.format === 'textgrid') {
    const tiers = annotationsToTiers(selected, options);
    return {
      content: serializeTextGrid(tiers, { endMs: recordingFacts(recording)?.durationMs }),
      fileName: `${stem}.TextGrid`,
      recording: recording.path,
      annotations: tiers.reduce((sum, tier) => sum + tier.segments.length, 0),
      skipped: [],
      repairs: [],
    };
  }
  const source = await latestEafDocument(archive, record, document, recording.path);
  const vocabulary = (await readCollectionVocabulary(archive.objects, record.collection.id))
    ?.vocabulary;
  const exported = annotationsToEaf(source?.document ?? newEafDocument(recording), selected, {
    asset: recording.path,
    exportedBy: heritageAgent,
    retired: retiredAnnotations(document.annotations),
    ...(vocabulary ? { vocabulary } : {}),
  });
  const skippedIds = new Set(exported.skipped.map((skipped) => skipped.id));
  return {
    content: serializeEaf(exported.document),
    fileName: `${stem}.eaf`,
    recording: recording.path,
    ...(source ? { basedOn: source.path } : {}),
    annotations: selected.filter(
      (annotation: Annotation) =>
        annotation.anchor.kind === 'time' &&
        annotation.anchor.asset === recording.path &&
        !skippedIds.has(annotation.id),
    ).length,
    skipped: exported.skipped,
    repairs: exported.repairs,
  };
}

function chooseRecording(record: ItemRecord, wanted: string | undefined): Asset {
  const recordings = record.assets.filter((asset) => asset.role === 'recording');
  if (wanted !== undefined) {
    const found = recordings.find(
      (asset) => asset.path === wanted || asset.originalName === wanted,
    );
    if (found) return found;
  } else if (recordings.length === 1 && recordings[0]) {
    return recordings[0];
  }
  const list = recordings.map((asset) => asset.path).join(', ') || 'none';
  throw new AnnotationExportError(
    wanted === undefined
      ? `item ${record.item.id} has ${recordings.length} recordings; name one (${list})`
      : `"${wanted}" is not a recording of item ${record.item.id} (recordings: ${list})`,
  );
}

/** The ELAN document imported last for this recording, if it is still in the item. */
async function latestEafDocument(
  archive: Archive,
  record: ItemRecord,
  document: AnnotationsDocument,
  recording: string,
): Promise<{ path: string; document: EafDocument } | undefined> {
  const candidates = document.documents.filter(
    (entry) =>
      entry.format === 'eaf' &&
      entry.recording === recording &&
      record.assets.some((asset) => asset.path === entry.path && asset.sha256 === entry.sha256),
  );
  const latest = candidates.at(-1);
  if (!latest) return undefined;
  const bytes = await buffer(await archive.objects.readFile(record.item.id, latest.path));
  const { maxDocumentBytes, maxAnnotationsPerDocument } = archive.settings.annotations;
  const eaf = parseEaf(bytes, {
    sourceName: latest.path,
    maxBytes: maxDocumentBytes,
    maxAnnotations: maxAnnotationsPerDocument,
  });
  return { path: latest.path, document: eaf };
}

/**
 * An empty ELAN 3.0 document linked to the recording, for items without an imported EAF.
 * AUTHOR is left empty, as ELAN leaves it: the export marks itself in a PROPERTY.
 */
function newEafDocument(recording: Asset): EafDocument {
  const name = path.posix.basename(recording.originalName ?? recording.path);
  return emptyEafDocument(
    '3.0',
    { author: '', date: new Date().toISOString(), version: '3.0', format: '3.0' },
    {
      mediaFile: '',
      timeUnits: 'milliseconds',
      mediaDescriptors: [
        {
          mediaUrl: `file:///${encodeURI(name)}`,
          relativeMediaUrl: `./${encodeURI(name)}`,
          mimeType: recording.mediaType,
        },
      ],
      linkedFileDescriptors: [],
      properties: [],
    },
  );
}
