/*
 * The shapes of the API's answers the app reads, as the OpenAPI document at
 * /api/docs/json names them (src/entry/api/response-schemas.ts). Written out here rather
 * than imported, so the app depends on the API's wire format only, never on server code.
 * Fields only staff of a collection receive are optional.
 */

export type AccessProtocol = 'open' | 'community' | 'restricted' | 'secret-sacred';

export type Grant =
  | { role: 'admin' }
  | { role: 'archivist'; collection: string }
  | { role: 'custodian'; community: string }
  | { role: 'member'; community: string }
  | {
      role: 'researcher';
      scope: { kind: 'item'; item: string } | { kind: 'collection'; collection: string };
    };

export type Caller =
  | { kind: 'public' }
  | {
      kind: 'account';
      id: string;
      name: string;
      language?: 'vi' | 'en';
      grants: Grant[];
      communities: string[];
      csrfToken?: string;
    };

export type SignedIn = Extract<Caller, { kind: 'account' }> & {
  csrfToken: string;
  expiresAt: string;
};

export type ItemStatus = 'ingested' | 'processing' | 'ready' | 'failed';

export interface ItemSummary {
  id: string;
  collection: string;
  title: string;
  /** One of AccessProtocol; kept as text so a protocol added later still shows. */
  accessProtocol: string;
  languages: string[];
  tkLabels: string[];
  status: string;
  statusDetail?: string | null;
  objectVersion: string | null;
  genre: string | null;
  /** As deposited: EDTF or free text. */
  date: string | null;
  /** The recordings' durations added up. */
  durationSeconds: number | null;
  scanPages: number;
  /** Whether `/api/items/{id}/thumbnail` has a picture of the first scan. */
  hasThumbnail: boolean;
}

export interface Contributor {
  role: string;
  /** Absent when the item's consent does not let its contributors be named. */
  name?: string;
}

/** The item record as deposited; the public view holds only the descriptive fields. */
export interface ItemMetadata {
  title?: string;
  date?: string;
  place?: string;
  genre?: string;
  description?: string;
  languages?: string[];
  tkLabels?: string[];
  licence?: string;
  contributors?: Contributor[];
  [field: string]: unknown;
}

export interface Asset {
  path: string;
  role: string;
  mediaType: string | null;
  size: number;
  sha256: string;
  technical: Record<string, unknown>;
}

export interface Step {
  step: string;
  asset: string;
  status: string;
  detail?: string | null;
}

export interface ItemEvent {
  type: string;
  outcome: string;
  occurredAt: string;
  agent?: string;
  detail?: string | null;
}

export interface Item extends ItemSummary {
  metadata: ItemMetadata;
  assets: Asset[];
  steps: Step[];
  events: ItemEvent[];
  /** Whether the caller may annotate it: the workspace is offered. */
  mayAnnotate: boolean;
}

/** A collection with counts of the items in it the caller may see (only those). */
export interface Collection {
  id: string;
  title: string;
  community?: string;
  languages: string[];
  licence?: string;
  items: number;
  byAccessProtocol: Record<string, number>;
  vocabulary?: string;
}

export interface SearchHit {
  itemId: string;
  title: string;
  accessProtocol: string;
  source: 'metadata' | 'ocr' | 'annotation';
  where: string;
  snippet: string;
  /** The recording or scan the words were found in; with a moment or a page and line. */
  asset?: string | null;
  page?: number | null;
  /** An OCR hit's line on its page, from 1. */
  line?: number | null;
  startMs?: number | null;
  endMs?: number | null;
}

export type Anchor =
  | { kind: 'time'; asset: string; startMs: number; endMs: number }
  | {
      kind: 'region';
      asset: string;
      page: number;
      x: number;
      y: number;
      width: number;
      height: number;
    }
  | { kind: 'item' };

/** The kinds of annotation the archive keeps (src/model/annotations). */
export const annotationTypes = [
  'transcription',
  'translation',
  'gloss',
  'ritual',
  'symbol',
  'note',
  'correction',
] as const;
export type AnnotationType = (typeof annotationTypes)[number];

export interface Annotation {
  id: string;
  /** `transcription`, `translation`, `gloss`, `ritual`, `note`, ... */
  type: string;
  value: string;
  terms: string[];
  anchor: Anchor;
  author?: string;
  /** Present when a recogniser, not a person, made the text. */
  origin?: { kind: 'machine'; tool: string };
  /** Language of the value (a translation's target language, say). */
  language?: string;
  /** The version this one replaced. */
  supersedes?: string;
  /** When this version was made (ISO 8601); only for those who may annotate. */
  created?: string;
  /** The tier of the document it was imported from. */
  tier?: string;
}

/** `GET /items/{id}/waveform`: stored peaks in wavesurfer.js's terms, and the copy to play. */
export interface Waveform {
  recording: string;
  track: number;
  duration: number;
  peaks: number[][];
  sampleRate: number;
  samplesPerPixel: number;
  audio: { url: string; mediaType: string | null; size: number } | null;
  peaksUrl: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `GET /items/{id}/pages/{page}/layout`: a page's OCR lines and words, boxes in page pixels. */
export interface PageLayout {
  scan: string;
  page: number;
  width: number;
  height: number;
  rotation: number;
  meanConfidence: number | null;
  needsReview: boolean | null;
  /** A linguist's text of the whole page, which replaces the OCR text. */
  correctedText: string | null;
  imageUrl: string;
  lines: {
    text: string;
    box: Box;
    words: { text: string; box: Box; confidence: number | null }[];
  }[];
}

/** An RFC 9457 problem, as every error of the API is answered. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  invalidParams?: { name: string; reason: string }[];
}

/** One thing that keeps a deposit from being ingested: its file, row and column. */
export interface DepositProblem {
  file: string;
  row?: number;
  column?: string;
  reason: string;
}

export type DepositState = 'receiving' | 'checked' | 'problems' | 'ingesting' | 'done' | 'failed';

export interface DepositCheck {
  checkedAt: string;
  ok: boolean;
  manifest?: string;
  items: number;
  problems: DepositProblem[];
}

export interface DepositItemProgress {
  id: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** ingested, processing, ready or failed (kept as text: a status added later still shows). */
  status: string;
  detail?: string;
  jobs: { total: number; done: number; failed: number; running: number; waiting: number };
  quarantined: { originalName: string; reason: string }[];
}

export interface Deposit {
  id: string;
  collection: string;
  createdBy: string;
  createdAt: string;
  state: DepositState;
  files: {
    path: string;
    state: 'received' | 'uploading';
    received: number;
    size?: number;
    sha256?: string;
  }[];
  check?: DepositCheck;
  ingest?: {
    startedAt: string;
    by: string;
    archivedAt?: string;
    finishedAt?: string;
    batch?: string;
    error?: string;
    failed: { itemId: string; reason: string }[];
    items: DepositItemProgress[];
  };
}

export interface JobOverview {
  queues: {
    name: string;
    counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  }[];
  failures: (
    | { hidden: false; item: string; queue?: string; job?: string; reason: string }
    | { hidden: true; queue: string }
  )[];
  stuck: { item: string; since: string }[];
}

export interface RetryOutcome {
  itemId: string;
  action: 'finalise' | 'steps' | 'skipped';
  steps: number;
  detail?: string;
}

/** `GET /api/ready`: 200 with the parts checked, or 503 naming those down. */
export type Readiness =
  | { ready: true; checked: string[] }
  | { ready: false; down: string[]; detail: string };

/* Dataset exports (admins): src/entry/api/export-routes.ts. */

export type TextOriginKind = 'human' | 'ocr' | 'ocr-corrected' | 'machine';

export interface ExportFilters {
  collections?: string[];
  languages?: string[];
  genres?: string[];
  dateFrom?: number;
  dateTo?: number;
  accessProtocols?: Exclude<AccessProtocol, 'secret-sacred'>[];
  licences?: string[];
  textOrigins?: TextOriginKind[];
}

/** What an export takes besides where it goes; the API fills in the rest. */
export interface ExportChoice {
  filters: ExportFilters;
  quality?: { minOcrConfidence?: number };
}

export interface ConfigPreview {
  rows: number;
  seconds: number;
  characters: number;
}

export interface ExportPreview {
  items: number;
  configs: {
    speech: ConfigPreview;
    text: ConfigPreview;
    parallel: ConfigPreview;
    'ocr-lines': ConfigPreview & { pages: number };
  };
  exclusions: { unit: string; reason: string; count: number }[];
}

export interface QueuedJob {
  jobId: string;
  queue: string;
  status: string;
}

export interface Job {
  id?: string;
  name: string;
  state: string;
  progress: unknown;
  attemptsMade: number;
  failedReason?: string;
  result?: unknown;
}

/** What a finished export job answers (the fields the page shows). */
export interface ExportResult {
  exportId: string;
  location: string;
  items: number;
  utterances: number;
  speechSeconds: number;
  texts: number;
  files: number;
  bytes: number;
}

export interface ExportHistoryEntry {
  exportId: string;
  locations: string[];
  firstAt: string;
  lastAt: string;
  items: string[];
  noLongerAllowed: { itemId: string; reason: string }[];
}

/* People, communities and grants (admins): src/entry/api/people-routes.ts. */

export interface PersonAccount {
  id: string;
  name: string;
  language: 'vi' | 'en';
  disabled: boolean;
  grants: Grant[];
}

export interface PeopleEvent {
  action: string;
  occurredAt: string;
  agent: string;
  subject: string;
  reason?: string;
  grant?: Grant;
}

export interface Community {
  id: string;
  name: string;
}

export interface AccessEvent {
  occurredAt: string;
  who: string;
  itemId: string;
  what: 'item' | 'annotations' | 'media';
  accessProtocol: string;
  community?: string;
}
