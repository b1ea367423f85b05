import { z } from 'zod';

/** A measurement that can be absent: loudness of digital silence is -inf, stored as null. */
const measure = z.number().nullable();

export const qualityFlagCodes = [
  'very-short',
  'low-sample-rate',
  'low-bit-depth',
  'many-channels',
  'clipping',
  'silent-stretches',
  'very-low-level',
  'dc-offset',
  'decode-errors',
] as const;

export const qualityFlagSchema = z.object({
  code: z.enum(qualityFlagCodes),
  /** The measured value that raised the flag. */
  value: measure,
  /** The limit it crossed. */
  threshold: z.number(),
  message: z.string(),
});

const loudnessValuesSchema = z.object({
  integratedLufs: measure,
  truePeakDbtp: measure,
  loudnessRangeLu: measure,
  thresholdLufs: measure,
});

export const loudnessSchema = z.object({
  target: z.object({
    integratedLufs: z.number(),
    truePeakDbtp: z.number(),
    loudnessRangeLu: z.number(),
  }),
  /** Pass 1's measurement (ebur128, ITU-R BS.1770) of the mono downmix of the source. */
  input: loudnessValuesSchema,
  /** Pass 2's measurement of what it wrote (before resampling to the derivative rates). */
  output: loudnessValuesSchema,
  /** What pass 2 actually did: linear asked for, dynamic when loudnorm fell back. */
  mode: z.enum(['linear', 'dynamic']),
});

export const qualitySchema = z.object({
  /** Decoded duration; `declaredDurationSeconds` is what the container claimed. */
  durationSeconds: z.number().nonnegative(),
  declaredDurationSeconds: measure,
  sampleRate: z.number().int().positive(),
  channels: z.number().int().positive(),
  bitDepth: z.number().int().positive().nullable(),
  sampleFormat: z.string().nullable(),
  clipping: z.object({
    /** Samples at full scale, summed over channels (the peak count of channels that reach it). */
    samples: z.number().int().nonnegative(),
    /** Of all samples of all channels. */
    share: z.number().min(0).max(1),
  }),
  silence: z.object({
    noiseDb: z.number(),
    minSeconds: z.number(),
    count: z.number().int().nonnegative(),
    totalSeconds: z.number().nonnegative(),
    share: z.number().min(0).max(1),
    /** The first stretches (the list is capped; `count` has them all). */
    stretches: z.array(z.object({ startSeconds: z.number(), endSeconds: z.number() })),
  }),
  level: z.object({
    peakDbfs: measure,
    rmsDbfs: measure,
  }),
  dcOffset: z.object({
    perChannel: z.array(measure),
    maxAbs: measure,
  }),
  decodeErrors: z.number().int().nonnegative(),
});

export const derivativeSchema = z.object({
  role: z.enum(['training', 'access', 'peaks']),
  /** Absolute path of the written file. */
  path: z.string(),
  /** Its name inside `outputDir`. */
  fileName: z.string(),
  mediaType: z.string(),
  bytes: z.number().int().nonnegative(),
  sampleRate: z.number().int().positive(),
  channels: z.literal(1),
});

export const trackResultSchema = z.object({
  /** Among the audio streams (ffmpeg's `0:a:N`). */
  audioIndex: z.number().int().nonnegative(),
  /** Among all streams of the container. */
  streamIndex: z.number().int().nonnegative(),
  codec: z.string(),
  language: z.string().nullable(),
  loudness: loudnessSchema,
  quality: qualitySchema,
  flags: z.array(qualityFlagSchema),
  derivatives: z.object({
    training: derivativeSchema,
    access: derivativeSchema,
    peaks: derivativeSchema.extend({
      samplesPerPixel: z.number().int().positive(),
      length: z.number().int(),
    }),
  }),
});

/** Everything `normaliseRecording` learned and wrote, ready for item metadata and PREMIS events. */
export const recordingResultSchema = z.object({
  input: z.object({
    path: z.string(),
    formatName: z.string(),
    durationSeconds: measure,
    sizeBytes: measure,
    hasVideo: z.boolean(),
  }),
  tracks: z.array(trackResultSchema).min(1),
  /** The agent of the PREMIS normalisation event. */
  software: z.object({ name: z.literal('ffmpeg'), version: z.string() }),
});

export type QualityFlag = z.infer<typeof qualityFlagSchema>;
export type QualityFlagCode = QualityFlag['code'];
export type Quality = z.infer<typeof qualitySchema>;
export type Loudness = z.infer<typeof loudnessSchema>;
export type Derivative = z.infer<typeof derivativeSchema>;
export type TrackResult = z.infer<typeof trackResultSchema>;
export type RecordingResult = z.infer<typeof recordingResultSchema>;
