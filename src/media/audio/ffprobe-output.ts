import { z } from 'zod';
import { BadMediaError } from './errors.js';

/** ffprobe prints numbers as strings ("44100", "11.000000") and sometimes "N/A". */
const probeNumber = z
  .union([z.number(), z.string()])
  .optional()
  .transform((value) => {
    const parsed = typeof value === 'number' ? value : Number.parseFloat(value ?? '');
    return Number.isFinite(parsed) ? parsed : undefined;
  });

const probeStreamSchema = z.object({
  index: z.number().int().nonnegative(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  sample_fmt: z.string().optional(),
  sample_rate: probeNumber,
  channels: probeNumber,
  channel_layout: z.string().optional(),
  bits_per_sample: probeNumber,
  bits_per_raw_sample: probeNumber,
  start_time: probeNumber,
  duration: probeNumber,
  tags: z.object({ language: z.string().optional() }).optional(),
});

const probeOutputSchema = z.object({
  streams: z.array(probeStreamSchema).default([]),
  format: z.object({
    format_name: z.string(),
    duration: probeNumber,
    size: probeNumber,
  }),
});

/** One audio track of the input, as ffprobe describes it. */
export interface AudioTrack {
  /** Position among the audio streams only: ffmpeg's `0:a:N`. */
  audioIndex: number;
  /** Position among all streams of the container. */
  streamIndex: number;
  codec: string;
  sampleFormat: string | null;
  sampleRate: number;
  channels: number;
  channelLayout: string | null;
  /** Bits per sample the codec stores, when it has such a thing (PCM, FLAC); null for lossy codecs. */
  bitDepth: number | null;
  /** As declared by the container or codec header (or counted, see `DurationSource`); null when unknown. */
  durationSeconds: number | null;
  language: string | null;
}

/**
 * Where a probe's durations come from: the container's or codec's header, or, for a
 * stream whose header declares none (an MP3 without a Xing or VBRI header, ADTS AAC),
 * every packet read through without decoding (`demuxed-duration.ts`).
 */
export type DurationSource = 'container' | 'packets';

/** What the pipeline needs to know about an input before touching its samples. */
export interface MediaProbe {
  formatName: string;
  durationSeconds: number | null;
  durationSource: DurationSource;
  sizeBytes: number | null;
  hasVideo: boolean;
  tracks: AudioTrack[];
}

/**
 * Reads ffprobe's JSON for `file`. Refuses, with a `BadMediaError` that names the file,
 * input without a decodable audio track.
 */
export function parseProbeOutput(file: string, json: string): MediaProbe {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new BadMediaError(file, 'ffprobe did not describe the file (unreadable JSON)');
  }
  const parsed = probeOutputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BadMediaError(file, `ffprobe found no container: ${parsed.error.issues[0]?.message}`);
  }
  const { streams, format } = parsed.data;
  const audioStreams = streams.filter((stream) => stream.codec_type === 'audio');
  if (audioStreams.length === 0) {
    const kinds = streams.map((stream) => stream.codec_type ?? 'unknown').join(', ') || 'none';
    throw new BadMediaError(file, `no audio track (${format.format_name} with streams: ${kinds})`);
  }
  const tracks = audioStreams.map((stream, audioIndex): AudioTrack => {
    const where = `audio track ${audioIndex} (stream ${stream.index})`;
    if (!stream.codec_name || stream.codec_name === 'none') {
      throw new BadMediaError(file, `${where} uses a codec ffmpeg cannot decode`);
    }
    if (!stream.sample_rate || !stream.channels) {
      throw new BadMediaError(file, `${where} has no sample rate or channel count`);
    }
    return {
      audioIndex,
      streamIndex: stream.index,
      codec: stream.codec_name,
      sampleFormat: stream.sample_fmt ?? null,
      sampleRate: stream.sample_rate,
      channels: stream.channels,
      channelLayout: stream.channel_layout ?? null,
      bitDepth:
        positiveOrNull(stream.bits_per_raw_sample) ?? positiveOrNull(stream.bits_per_sample),
      durationSeconds: stream.duration ?? format.duration ?? null,
      language:
        stream.tags?.language && stream.tags.language !== 'und' ? stream.tags.language : null,
    };
  });
  return {
    formatName: format.format_name,
    durationSeconds: format.duration ?? null,
    durationSource: 'container',
    sizeBytes: format.size ?? null,
    hasVideo: streams.some((stream) => stream.codec_type === 'video'),
    tracks,
  };
}

function positiveOrNull(value: number | undefined): number | null {
  return value !== undefined && value > 0 ? value : null;
}
