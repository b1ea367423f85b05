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
