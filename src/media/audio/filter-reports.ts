import { Ebur128SummaryReader, emptyMeasurement, type LoudnessMeasurement } from './ebur128.js';
import { parseLogLine } from './ffmpeg-log.js';
import { type LoudnormReport, parseLoudnormJson } from './loudnorm.js';

/** astats figures for one channel; levels are relative to full scale (1.0). */
export interface ChannelStats {
  dcOffset: number | null;
  minLevel: number | null;
  maxLevel: number | null;
  peakLevelDb: number | null;
  rmsLevelDb: number | null;
  /** Samples equal to the channel's minimum or maximum value. */
  peakCount: number | null;
}

export interface AstatsReport {
  channels: ChannelStats[];
  /** Samples per channel that were decoded. */
  samplesPerChannel: number | null;
  overallPeakLevelDb: number | null;
  overallRmsLevelDb: number | null;
}

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
  astats: AstatsReport | null;
  silence: SilenceReport;
}

const astatsChannelKeys: Record<string, keyof ChannelStats> = {
  'DC offset': 'dcOffset',
  'Min level': 'minLevel',
  'Max level': 'maxLevel',
  'Peak level dB': 'peakLevelDb',
  'RMS level dB': 'rmsLevelDb',
  'Peak count': 'peakCount',
};

const decodeError = /^Error while decoding stream #\d+:(\d+)/;

function logNumber(text: string): number | null {
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? value : null;
}

function emptyChannel(): ChannelStats {
  return {
    dcOffset: null,
    minLevel: null,
    maxLevel: null,
    peakLevelDb: null,
    rmsLevelDb: null,
    peakCount: null,
  };
}

/**
 * Reads, line by line, what the named filters (`ebur128@t0`, `loudnorm@t0`, `astats@t0`,
 * `ametadata@t0` after silencedetect) log about each track, and counts decoding errors
 * per input stream. Memory stays bounded whatever the input's length: only figures and
 * the first `maxStretches` silent stretches are kept.
 */
export class FilterReportCollector {
  private readonly tracks = new Map<string, TrackReports>();
  private readonly decodeErrors = new Map<number, number>();
  private loudnormJson: { label: string; lines: string[] } | null = null;
  private astatsChannel: ChannelStats | 'overall' | null = null;
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
    } else if (filter === 'astats') {
      this.collectAstatsLine(this.reportsOf(label), message);
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
        astats: null,
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

  private collectAstatsLine(reports: TrackReports, message: string): void {
    // A report starts with channel 1; should a graph print twice, the later report wins.
    if (!reports.astats || message.trim() === 'Channel: 1') {
      reports.astats = {
        channels: [],
        samplesPerChannel: null,
        overallPeakLevelDb: null,
        overallRmsLevelDb: null,
      };
    }
    const astats = reports.astats;
    if (message.startsWith('Channel:')) {
      this.astatsChannel = emptyChannel();
      astats.channels.push(this.astatsChannel);
      return;
    }
    if (message.trim() === 'Overall') {
      this.astatsChannel = 'overall';
      return;
    }
    const colon = message.indexOf(':');
    if (colon < 0) return;
    const key = message.slice(0, colon);
    const value = logNumber(message.slice(colon + 1).trim());
    if (this.astatsChannel === 'overall') {
      if (key === 'Number of samples') astats.samplesPerChannel = value;
      else if (key === 'Peak level dB') astats.overallPeakLevelDb = value;
      else if (key === 'RMS level dB') astats.overallRmsLevelDb = value;
    } else if (this.astatsChannel) {
      const field = astatsChannelKeys[key];
      if (field) this.astatsChannel[field] = value;
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
