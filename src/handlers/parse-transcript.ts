import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { UnrecoverableError } from 'bullmq';
import { AnnotationsDocumentError } from '../archive/annotations-document.js';
import type { Archive } from '../archive/archive.js';
import { readItemRecord } from '../archive/object-files.js';
import { DocumentFormatError, InvalidAnnotationError } from '../formats/index.js';
import { heritageAgent } from '../infra/package/heritage-version.js';
import type { JobOf, JobResult } from '../jobs/job-contract.js';
import type { JobName } from '../jobs/names.js';
import { newEvent } from '../model/event-log.js';
import type { ItemRecord } from '../model/item-record.js';
import {
  AnnotationRejectedError,
  checkAnnotations,
} from '../usecases/annotations/annotation-checks.js';
import { readCollectionVocabulary } from '../usecases/annotations/collection-vocabulary.js';
import {
  type AnnotationDocumentFormat,
  readAnnotationDocument,
} from '../usecases/annotations/read-annotation-document.js';
import {
  TRANSCRIPT_ANNOTATIONS_USE,
  type TranscriptAnnotationsFile,
} from '../usecases/annotations/transcript-annotations-file.js';
import { derivativePath } from './derivative-path.js';
import { stageDerivative } from './stage-derivative.js';

const TRANSCRIPT_FORMATS: readonly AnnotationDocumentFormat[] = [
  'eaf',
  'textgrid',
  'vtt',
  'srt',
  'txt',
];

/**
 * `parse-transcript`: reads a deposited transcript (ELAN, Praat TextGrid, WebVTT, SRT or
 * plain text) into annotations anchored to the item's recording, checks their spans
 * against its duration, and stages them as `derivatives/transcripts/<name>.annotations.json`
 * for finalise to merge into `metadata/annotations.json`. A document that cannot be
 * read, that is over the size or annotation limits of the settings, or whose spans do
 * not fit, fails for good at the first attempt with the reason (file, line, field).
 */
export async function parseTranscriptHandler(
  archive: Archive,
  job: JobOf<typeof JobName.ParseTranscript>,
): Promise<JobResult[typeof JobName.ParseTranscript]> {
  const { itemId, asset, version } = job.data;
  const found = await readItemRecord(archive.objects, itemId, version);
  if (!found) throw new UnrecoverableError(`item ${itemId} ${version} has no item record`);
  const { record } = found;
  const transcript = record.assets.find((candidate) => candidate.path === asset);
  if (!transcript)
    throw new UnrecoverableError(`${asset} is not a file of item ${itemId} ${version}`);
  const format = TRANSCRIPT_FORMATS.find((candidate) => candidate === transcript.format);
  if (!format) {
    throw new UnrecoverableError(
      `${asset}: format "${transcript.format}" is not a transcript format (${TRANSCRIPT_FORMATS.join(', ')})`,
    );
  }
  const limits = archive.settings.annotations;
  // Checked on the recorded size, before the bytes are fetched.
  if (transcript.size > limits.maxDocumentBytes) {
    throw new UnrecoverableError(
      `${asset}: ${transcript.size} bytes is more than the limit of ${limits.maxDocumentBytes} bytes for a transcript (setting annotations.maxDocumentBytes)`,
    );
  }
  const bytes = await buffer(await archive.objects.readFile(itemId, asset, version));
  const name = transcript.originalName ?? asset;
  const vocabulary = (await readCollectionVocabulary(archive.objects, record.collection.id))
    ?.vocabulary;

  // The version's time, not the job's: a retried job stages the same bytes.
  const { created } = (await archive.objects.getInventory(itemId)).versions[version] ?? {};
  let content: ReturnType<typeof readAnnotationDocument>;
  try {
    content = readAnnotationDocument({
      bytes,
      name,
      format,
      sha256: transcript.sha256,
      record,
      limits,
      author: transcriptAuthor(record),
      created,
    });
    checkAnnotations(record, content.annotations, vocabulary, name);
  } catch (error) {
    // Bad input, which no retry can mend: the document cannot be read, gives more
    // annotations or later times than the limits allow, or gives an invalid annotation.
    if (
      error instanceof DocumentFormatError ||
      error instanceof AnnotationsDocumentError ||
      error instanceof AnnotationRejectedError ||
      error instanceof InvalidAnnotationError
    ) {
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }

  const file: TranscriptAnnotationsFile = {
    schemaVersion: 1,
    document: {
      path: asset,
      sha256: transcript.sha256,
      format,
      ...(content.recording ? { recording: content.recording } : {}),
    },
    annotations: content.annotations,
  };
  const derivative = await stageDerivative(archive, job, Buffer.from(JSON.stringify(file)), {
    path: derivativePath(asset, 'transcripts', `${path.posix.basename(asset)}.annotations.json`),
    role: 'derivative',
    mediaType: 'application/json',
    format: 'json',
    technical: { use: TRANSCRIPT_ANNOTATIONS_USE, annotations: content.annotations.length },
    derivedFrom: asset,
    derivation: { step: job.name, agent: heritageAgent },
  });
  const skipped = content.skippedTiers.map((tier) => `${tier.tier} (${tier.reason})`);
  return {
    step: job.name,
    asset,
    status: 'done',
    derivatives: [derivative],
    result: {
      format,
      annotations: content.annotations.length,
      anchoredTo: content.recording ?? 'item',
      skippedTiers: content.skippedTiers,
      skippedAnnotations: content.skippedAnnotations,
    },
    events: [
      newEvent({
        type: 'validation',
        agent: heritageAgent,
        outcome: skipped.length > 0 || content.skippedAnnotations > 0 ? 'warning' : 'success',
        object: asset,
        detail:
          `read ${content.annotations.length} annotations (${format}), anchored to ${content.anchoring}` +
          (skipped.length > 0 ? `; tiers left out: ${skipped.join(', ')}` : '') +
          (content.skippedAnnotations > 0
            ? `; ${content.skippedAnnotations} unaligned annotations left out`
            : ''),
      }),
    ],
  };
}

/**
 * Who wrote a deposited transcript, for annotations whose document names no one: the
 * item's transcriber, else the collection's depositor, else heritage itself.
 */
function transcriptAuthor(record: ItemRecord): string {
  const transcriber = record.item.contributors.find(
    (contributor) => contributor.role === 'transcriber',
  );
  return transcriber?.name ?? record.collection.depositor ?? heritageAgent;
}
