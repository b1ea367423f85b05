import { levelsPcm } from './channel-levels.js';
import { ebur128MeterFilter } from './ebur128.js';
import { ffmpegCommonArgs } from './ffmpeg-common-args.js';
import type { AudioTrack } from './ffprobe-output.js';
import { guardedInputArgs } from './input-guard.js';

/** A stretch quieter than this, for at least `silenceMinSeconds`, counts as silent. */
export const silenceNoiseDb = -60;
export const silenceMinSeconds = 2;

/** The downmix both passes measure and normalise: mono, in doubles (loudnorm's own format). */
export const monoDownmix = 'aformat=sample_fmts=dbl:channel_layouts=mono';

/** The label under which one track's filters log: `loudnorm@t0`, `ametadata@t0`, ... */
export function trackLabel(audioIndex: number): string {
  return `t${audioIndex}`;
}

/** Layout names as ffprobe prints them (`stereo`, `5.1(side)`, `FL+FR+LFE`), safe in a graph. */
const plainLayoutName = /^[A-Za-z0-9.()+_-]+$/;

/**
 * The layout the levels PCM of a track is held to: the one ffprobe found, so that every
 * frame has the channels `measureChannelLevels` reads even should the decoder give
 * another layout (they are then mixed to it rather than misread, and the samples
 * counted stay right). ffprobe says `unknown` where a layout has no name; `<N>c` is then
 * the same channels unchanged, whereas forcing `<N>c` on a named layout would remix it.
 * A name that is not plain is left alone.
 */
export function levelsLayout(
  track: Pick<AudioTrack, 'channels' | 'channelLayout'>,
): string | undefined {
  const named = track.channelLayout;
  if (named === null || named === 'unknown') return `${track.channels}c`;
  return plainLayoutName.test(named) ? named : undefined;
}

/**
 * Pass 1, one ffmpeg run over every audio track: for each, ebur128 measures the mono
 * downmix exactly as pass 2's loudnorm will see it (the gotcha: an output-only `-ac 1`
 * measures ~3 LU wrong; the downmix is done in doubles so that loud stereo sums do not
 * clip), while silencedetect reads the original channels as floats (levels relative to
 * full scale whatever the source's sample format), which then go out as PCM on file
 * descriptor `firstLevelsFd` + the track's position, for `measureChannelLevels`. The
 * meter's branch ends in a null output.
 */
export function buildAnalysisArgs(
  inputPath: string,
  tracks: Pick<AudioTrack, 'audioIndex' | 'channels' | 'channelLayout'>[],
  firstLevelsFd: number,
): string[] {
  const chains: string[] = [];
  const outputs: string[] = [];
  tracks.forEach((track, position) => {
    const index = track.audioIndex;
    const label = trackLabel(index);
    const layout = levelsLayout(track);
    chains.push(
      `[0:a:${index}]asplit=2[loudness_${label}][stats_${label}]`,
      `[loudness_${label}]${monoDownmix},${ebur128MeterFilter(label)}[measured_${label}]`,
      `[stats_${label}]aformat=sample_fmts=${levelsPcm.sampleFormat}` +
        `${layout === undefined ? '' : `:channel_layouts=${layout}`},` +
        `silencedetect=noise=${silenceNoiseDb}dB:duration=${silenceMinSeconds},` +
        // silencedetect logs under its class name only; ametadata prints the stretches it
        // marks on frames under this track's label.
        `ametadata@${label}=mode=print[checked_${label}]`,
    );
    outputs.push(
      // The null muxer opens no file, so `-` is never written to.
      ...['-map', `[measured_${label}]`, '-f', 'null', '-'],
      ...['-map', `[checked_${label}]`, '-c:a', levelsPcm.codec, '-flush_packets', '0'],
      ...['-f', levelsPcm.muxer, `pipe:${firstLevelsFd + position}`],
    );
  });
  return [
    ...ffmpegCommonArgs(),
    ...guardedInputArgs(inputPath),
    '-filter_complex',
    chains.join(';'),
    ...outputs,
  ];
}
