import { ApiError, csrfHeaders } from '../api/client';
import type { AnnotationType, ProblemBody } from '../api/types';
import { assetName } from '../text/format';

/*
 * The hand-over's calls: the item's annotations out as ELAN or Praat documents, and a
 * document back in, first as a dry run (`import/preview`, nothing written) and then for
 * real. A document goes as its own bytes, named by `name` so the API knows its format.
 */

/** What a tier's annotations are read as; `skip` leaves the tier out. */
export type TierChoice = AnnotationType | 'skip';

/** The documents people open in ELAN and Praat. */
export type HandOverFormat = 'eaf' | 'textgrid';

/** The extensions the import reads (ELAN, Praat, WebVTT, SRT). */
export const importableExtensions = ['.eaf', '.TextGrid', '.vtt', '.srt'] as const;

export interface AnnotationContent {
  type: string;
  value: string;
  startMs?: number;
  endMs?: number;
  terms?: string[];
}

export interface PreviewedChange {
  kind: 'add' | 'supersede';
  tier: string;
  tierOccurrence?: number;
  annotationId: string;
  newId: string;
  before?: AnnotationContent;
  after: AnnotationContent;
}

export interface TierReport {
  tier: string;
  tierOccurrence?: number;
  read: number;
  added: number;
  superseded: number;
  unchanged: number;
  skipped: { reason: string; count: number }[];
  leftOut?: string;
}

interface ReportFields {
  itemId: string;
  format: string;
  read: number;
  added: number;
  edited: number;
  unchanged: number;
  anchoring: string;
  skippedTiers: { tier: string; reason: string }[];
  skippedAnnotations: number;
  tiers: TierReport[];
  ignored: { line: number; reason: string }[];
}

export interface ImportPreview extends ReportFields {
  version: string;
  wouldChange: boolean;
  tierTypes: { tier: string; tierOccurrence?: number; type: string }[];
  changes: PreviewedChange[];
}

export interface ImportResult extends ReportFields {
  changed: boolean;
  version: string;
  documentPath?: string;
}

const itemPath = (itemId: string) => `/api/items/${encodeURIComponent(itemId)}/annotations`;

/** Where the browser downloads the item's annotations as `format`, for one recording. */
export function exportUrl(itemId: string, format: HandOverFormat, recording?: string): string {
  const search = new URLSearchParams({ format });
  if (recording) search.set('recording', recording);
  return `${itemPath(itemId)}/export?${search}`;
}

/** The file name the export gets: the recording's name with the format's extension. */
export function exportFileName(recordingPath: string, format: HandOverFormat): string {
  const base = assetName(recordingPath);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return `${stem}.${format === 'eaf' ? 'eaf' : 'TextGrid'}`;
}

function importQuery(file: File, tierTypes: Readonly<Record<string, TierChoice>>): string {
  const search = new URLSearchParams({ name: file.name });
  for (const [tier, type] of Object.entries(tierTypes))
    search.append('tierType', `${tier}=${type}`);
  return `?${search}`;
}

async function sendDocument<T>(path: string, file: File, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/octet-stream',
      ...csrfHeaders(),
    },
    body: file,
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => undefined);
    throw new ApiError(response.status, problem as ProblemBody | undefined);
  }
  return (await response.json()) as T;
}

/** What importing `file` would do, with the tiers read as `tierTypes` says; writes nothing. */
export function previewDocument(
  itemId: string,
  file: File,
  tierTypes: Readonly<Record<string, TierChoice>>,
  signal?: AbortSignal,
): Promise<ImportPreview> {
  return sendDocument(
    `${itemPath(itemId)}/import/preview${importQuery(file, tierTypes)}`,
    file,
    signal,
  );
}

/** Imports `file` for real, as previewed. */
export function importDocument(
  itemId: string,
  file: File,
  tierTypes: Readonly<Record<string, TierChoice>>,
): Promise<ImportResult> {
  return sendDocument(`${itemPath(itemId)}/import${importQuery(file, tierTypes)}`, file);
}
