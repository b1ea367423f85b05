import type { Item } from '../api/types.js';
import { type RecordingTrack, recordingTracksOf } from './recording-tracks.js';

/** One page of one scan of an item. */
export interface ScanPage {
  scan: string;
  page: number;
  /** Who read its text: the OCR step's agent, when the item says. */
  ocrTool?: string;
}

/**
 * Peaks the player asks for: it shows the whole recording across the page and never
 * zooms in, so a few thousand bars are more than a wide screen draws, where an hour's
 * stored peaks (100 a second) come to 4.4 MB.
 */
export const PLAYER_PEAKS = 4000;

/** What an item page's media section shows, and what it opens first. */
export interface MediaPlan {
  tracks: RecordingTrack[];
  pages: ScanPage[];
  /** The track the player opens with. */
  firstTrack: RecordingTrack | undefined;
  /** Where in `pages` the scan viewer opens. */
  firstPageIndex: number;
  /** Seconds to start the player at. */
  startAt: number | undefined;
  /** The line (from 1) of the first page that a search hit names. */
  hitLine: number | undefined;
}

/**
 * The item's recordings and scans, and where the page's address opens them:
 * `?t=<ms>&asset=<recording>` a recording at a moment, `?asset=<scan>&page=&line=` a
 * scan at a page and line, as search hits link them. Known from the item alone, so the
 * page can ask for what the media section will show while that section's code loads.
 */
export function mediaPlan(item: Item, address: URLSearchParams): MediaPlan {
  const asset = address.get('asset') ?? undefined;
  const tracks = recordingTracksOf(item);
  const pages = pagesOf(item);
  const startMs = whole(address.get('t'));
  const page = whole(address.get('page'));
  const line = whole(address.get('line'));
  return {
    tracks,
    pages,
    firstTrack:
      tracks[
        Math.max(
          0,
          tracks.findIndex((track) => track.recording === asset),
        )
      ],
    firstPageIndex:
      page === undefined
        ? 0
        : Math.max(
            0,
            pages.findIndex((p) => p.page === page && (asset === undefined || p.scan === asset)),
          ),
    startAt: startMs === undefined ? undefined : startMs / 1000,
    hitLine: page === undefined ? undefined : line,
  };
}

/** Every page of every scan of an item, in the item's order, with who read its text. */
function pagesOf(item: Item): ScanPage[] {
  const agents = new Map<string, string>();
  for (const asset of item.assets) {
    const { format, derivedFrom, derivation } = asset.technical;
    const agent = (derivation as { agent?: unknown } | undefined)?.agent;
    if (format === 'alto' && typeof derivedFrom === 'string' && typeof agent === 'string')
      agents.set(derivedFrom, agent);
  }
  return item.assets
    .filter((asset) => asset.role === 'scan')
    .flatMap((asset) => {
      const count = typeof asset.technical.pages === 'number' ? asset.technical.pages : 1;
      return Array.from({ length: count }, (_, at) => ({
        scan: asset.path,
        page: at + 1,
        ocrTool: agents.get(asset.path),
      }));
    });
}

const whole = (text: string | null) =>
  text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
