import { z } from 'zod';
import type { MediaProbe } from './ffprobe-output.js';

/**
 * A recording's probe as the item record keeps it (the asset's `technical`): ingest
 * describes every original once, and the `normalise-audio` step reads the same facts
 * back instead of launching ffprobe again on the same bytes.
 */
const recordedTrackSchema = z.object({
  streamIndex: z.number().int().nonnegative(),
  codec: z.string(),
  sampleFormat: z.string().nullable(),
  sampleRate: z.number().positive(),
  channels: z.number().positive(),
  channelLayout: z.string().nullable(),
  bitDepth: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  language: z.string().nullable(),
});

const recordedProbeSchema = z.object({
  container: z.string(),
  durationSeconds: z.number().nullable(),
  // Required: a record written without it may hold ffprobe's bitrate estimate as the
  // length, so its file is probed again.
  durationSource: z.enum(['container', 'packets']),
  sizeBytes: z.number().nullable(),
  hasVideo: z.boolean(),
  audioTracks: z.array(recordedTrackSchema).min(1),
});

type RecordedProbe = z.infer<typeof recordedProbeSchema>;

/** The technical metadata of a recording: what ffprobe found, under the record's names. */
export function technicalOfProbe(probe: MediaProbe): RecordedProbe {
  return {
    container: probe.formatName,
    durationSeconds: probe.durationSeconds,
    durationSource: probe.durationSource,
    sizeBytes: probe.sizeBytes,
    hasVideo: probe.hasVideo,
    audioTracks: probe.tracks.map(({ audioIndex: _position, ...track }) => track),
  };
}

/**
 * The probe kept in a recording's technical metadata, or undefined when it is not all
 * there (archived before the record kept every fact, or where its length came from; or
 * unreadable by ffprobe): then the file has to be probed again.
 */
export function probeOfTechnical(technical: Record<string, unknown>): MediaProbe | undefined {
  const recorded = recordedProbeSchema.safeParse(technical);
  if (!recorded.success) return undefined;
  const { container, durationSeconds, durationSource, sizeBytes, hasVideo, audioTracks } =
    recorded.data;
  return {
    formatName: container,
    durationSeconds,
    durationSource,
    sizeBytes,
    hasVideo,
    tracks: audioTracks.map((track, audioIndex) => ({ audioIndex, ...track })),
  };
}
