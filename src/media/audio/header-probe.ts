import type { AudioTrack, MediaProbe } from './ffprobe-output.js';

/** What a header reader found of a file that holds one audio stream. */
export interface HeaderStream {
  formatName: string;
  sizeBytes: number;
  /** Samples per channel. */
  samples: number;
  track: Pick<
    AudioTrack,
    'codec' | 'sampleFormat' | 'sampleRate' | 'channels' | 'channelLayout' | 'bitDepth'
  >;
}

/**
 * ffprobe 5.1's description of such a file, for the readers that describe a recording
 * from its header: the record keeps ffprobe's figures, lengths printed as it prints them.
 */
export function headerProbe({ formatName, sizeBytes, samples, track }: HeaderStream): MediaProbe {
  return {
    formatName,
    durationSeconds: containerSeconds(samples, track.sampleRate),
    durationSource: 'container',
    sizeBytes,
    hasVideo: false,
    tracks: [
      {
        audioIndex: 0,
        streamIndex: 0,
        ...track,
        durationSeconds: streamSeconds(samples, track.sampleRate),
        language: null,
      },
    ],
  };
}

/**
 * The stream's length: samples times the time base as a double, with printf's six
 * decimals (round half to even on the double's exact value).
 */
function streamSeconds(samples: number, sampleRate: number): number {
  const seconds = samples * (1 / sampleRate);
  const rounded = seconds.toFixed(6);
  // toFixed rounds a tie up where printf rounds it to even; ties are exact in 100 digits.
  const exact = seconds.toFixed(100);
  const dot = exact.indexOf('.');
  const isTie = /^50*$/.test(exact.slice(dot + 7));
  const lastKept = Number(exact[dot + 6]);
  return Number(isTie && lastKept % 2 === 0 ? exact.slice(0, dot + 7) : rounded);
}

/** The container's length: whole microseconds, rounded half up. */
function containerSeconds(samples: number, sampleRate: number): number {
  const rate = BigInt(sampleRate);
  const micros = (BigInt(samples) * 1_000_000n + rate / 2n) / rate;
  return Number(micros) / 1e6;
}
