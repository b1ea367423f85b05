import { Ebur128SummaryReader, emptyMeasurement, type LoudnessMeasurement } from './ebur128.js';
import { parseLogLine } from './ffmpeg-log.js';
import { type LoudnormReport, parseLoudnormJson } from './loudnorm.js';

export interface SilenceStretch {
  startSeconds: number;
  endSeconds: number;
}

export interface SilenceReport {
  /** The first stretches, up to the collector's limit. */
  stretches: SilenceStretch[];
  /** All stretches, including those beyond the limit. */
  count: number;
  totalSeconds: number;
  /** A stretch still open when the input ended (silencedetect reports its end only in the log). */
  openSinceSeconds: number | null;
}

/** Everything the filters of one track reported. */
export interface TrackReports {
  /** Pass 1's meter. */
  loudness: LoudnessMeasurement | null;
  /** Pass 2's normaliser. */
  loudnorm: LoudnormReport | null;
  silence: SilenceReport;
}

const decodeError = /^Error while decoding stream #\d+:(\d+)/;

function logNumber(text: string): number | null {
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Reads, line by line, what the named filters (`ebur128@t0`, `loudnorm@t0`,
 * `ametadata@t0` after silencedetect) log about each track, and counts decoding errors
 * per input stream. Memory stays bounded whatever the input's length: only figures and
 * the first `maxStretches` silent stretches are kept.
 */
export class FilterReportCollector {
  private readonly tracks = new Map<string, TrackReports>();
  private readonly decodeErrors = new Map<number, number>();
  private loudnormJson: { label: string; lines: string[] } | null = null;
  private ebur128Summary: Ebur128SummaryReader | null = null;

  constructor(private readonly maxStretches = 500) {}

  /** Feeds one stderr line. */
  push(line: string): void {
    if (this.loudnormJson) {
      this.collectLoudnormLine(line);
      return;
    }
    const { source, level, message } = parseLogLine(line);
    if (this.ebur128Summary && source === null && level === null) {
      this.ebur128Summary.push(message);
      return;
    }
    this.ebur128Summary = null;
    if (source === null) {
      const failedStream = decodeError.exec(message)?.[1];
      if (failedStream !== undefined) {
        const index = Number(failedStream);
        this.decodeErrors.set(index, (this.decodeErrors.get(index) ?? 0) + 1);
      }
      return;
    }
    const at = source.indexOf('@');
    if (at < 0) return;
    const filter = source.slice(0, at);
    const label = source.slice(at + 1);
    if (filter === 'ebur128' && message.trim() === 'Summary:') {
      // ffmpeg 5.1 builds a complex graph twice and the first, unused one prints an
      // empty summary as it closes: the last summary is the real one.
      const reports = this.reportsOf(label);
      reports.loudness = emptyMeasurement();
      this.ebur128Summary = new Ebur128SummaryReader(reports.loudness);
    } else if (filter === 'loudnorm' && message.trim() === '') {
      this.loudnormJson = { label, lines: [] };
    } else if (filter === 'ametadata') {
      this.collectSilenceLine(this.reportsOf(label).silence, message);
    }
  }

  /** How many packets of input stream `streamIndex` failed to decode. */
  decodeErrorsOf(streamIndex: number): number {
    return this.decodeErrors.get(streamIndex) ?? 0;
  }

  /** What the filters labelled `label` reported (nothing yet, for a label not seen). */
  reportsOf(label: string): TrackReports {
    let reports = this.tracks.get(label);
    if (!reports) {
      reports = {
        loudness: null,
        loudnorm: null,
        silence: { stretches: [], count: 0, totalSeconds: 0, openSinceSeconds: null },
      };
      this.tracks.set(label, reports);
    }
    return reports;
  }

  private collectLoudnormLine(line: string): void {
    const block = this.loudnormJson;
    if (!block) return;
    if (block.lines.length === 0 && line.trim() !== '{') {
      // Not the JSON block after all: drop the marker and read the line normally.
      this.loudnormJson = null;
      this.push(line);
      return;
    }
    block.lines.push(line);
    if (line.trim() === '}') {
      this.loudnormJson = null;
      this.reportsOf(block.label).loudnorm = parseLoudnormJson(block.lines.join('\n'));
    }
  }

  private collectSilenceLine(silence: SilenceReport, message: string): void {
    const [key, rawValue] = message.split('=', 2);
    const value = logNumber(rawValue ?? '');
    if (value === null) return;
    if (key === 'lavfi.silence_start') {
      silence.openSinceSeconds = value;
    } else if (key === 'lavfi.silence_end' && silence.openSinceSeconds !== null) {
      const stretch = { startSeconds: silence.openSinceSeconds, endSeconds: value };
      silence.openSinceSeconds = null;
      silence.count += 1;
      silence.totalSeconds += stretch.endSeconds - stretch.startSeconds;
      if (silence.stretches.length < this.maxStretches) silence.stretches.push(stretch);
    }
  }
}
