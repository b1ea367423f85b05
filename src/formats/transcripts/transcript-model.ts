import { MAX_TIME_MS } from '../document-limits.js';

/** A stretch of a recording with its text; `startMs === endMs` for a point (a TextGrid mark). */
export interface TimedSegment {
  startMs: number;
  endMs: number;
  text: string;
  /** The cue identifier, for WebVTT and SRT. */
  cueId?: string;
}

/** A tier of timed segments: intervals, or points (TextGrid TextTier). */
export interface TimedTier {
  name: string;
  kind: 'interval' | 'point';
  segments: TimedSegment[];
}

/** Lines without times, in order (plain text). */
export interface UntimedTier {
  name: string;
  kind: 'untimed';
  segments: { text: string }[];
}

export type TranscriptTier = TimedTier | UntimedTier;

/** A transcript read from TextGrid, WebVTT, SRT or plain text: one or more tiers. */
export interface Transcript {
  format: 'textgrid' | 'webvtt' | 'srt' | 'text';
  /** Time domain of the document (TextGrid xmin/xmax), when it states one. */
  startMs?: number;
  endMs?: number;
  tiers: TranscriptTier[];
  /**
   * What the reader passed over because the format's specification says to (a WebVTT
   * block that is not a cue, a bad cue setting), with its line, for the import's report.
   */
  ignored?: IgnoredPart[];
}

/** A part of a document passed over as its format's specification says. */
export interface IgnoredPart {
  line: number;
  reason: string;
}

/** A transcript whose tiers all carry times (TextGrid, WebVTT, SRT). */
export interface TimedTranscript extends Transcript {
  tiers: TimedTier[];
}

/**
 * Seconds (as TextGrid and WebVTT parsers give them) to whole milliseconds; undefined
 * for a time that is not finite, negative or later than {@link MAX_TIME_MS}, which the
 * readers refuse with its line.
 */
export function secondsToMs(seconds: number): number | undefined {
  const ms = Math.round(seconds * 1000);
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS ? ms : undefined;
}
