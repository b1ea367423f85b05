import { ebur128MeterFilter } from './ebur128.js';
import { ffmpegCommonArgs } from './ffmpeg-common-args.js';
import { guardedInputArgs } from './input-guard.js';

/** A stretch quieter than this, for at least `silenceMinSeconds`, counts as silent. */
export const silenceNoiseDb = -60;
export const silenceMinSeconds = 2;

const astatsPerChannel = 'DC_offset+Min_level+Max_level+Peak_level+RMS_level+Peak_count';
const astatsOverall = 'Peak_level+RMS_level+Number_of_samples';

/** The downmix both passes measure and normalise: mono, in doubles (loudnorm's own format). */
export const monoDownmix = 'aformat=sample_fmts=dbl:channel_layouts=mono';

/** The label under which one track's filters log: `loudnorm@t0`, `astats@t0`, ... */
export function trackLabel(audioIndex: number): string {
  return `t${audioIndex}`;
}

/**
 * Pass 1, one ffmpeg run over every audio track: for each, ebur128 measures the mono
 * downmix exactly as pass 2's loudnorm will see it (the gotcha: an output-only `-ac 1`
 * measures ~3 LU wrong; the downmix is done in doubles so that loud stereo sums do not
 * clip), while astats and silencedetect read the original channels as floats (levels
 * relative to full scale whatever the source's sample format). Branches end in null outputs.
 */
export function buildAnalysisArgs(inputPath: string, audioIndexes: number[]): string[] {
  const chains: string[] = [];
  const outputs: string[] = [];
  for (const index of audioIndexes) {
    const label = trackLabel(index);
    chains.push(
      `[0:a:${index}]asplit=2[loudness_${label}][stats_${label}]`,
      `[loudness_${label}]${monoDownmix},${ebur128MeterFilter(label)}[measured_${label}]`,
      `[stats_${label}]aformat=sample_fmts=fltp,` +
        `astats@${label}=measure_perchannel=${astatsPerChannel}:measure_overall=${astatsOverall},` +
        `silencedetect=noise=${silenceNoiseDb}dB:duration=${silenceMinSeconds},` +
        // silencedetect logs under its class name only; ametadata prints the stretches it
        // marks on frames under this track's label.
        `ametadata@${label}=mode=print[checked_${label}]`,
    );
    outputs.push(`[measured_${label}]`, `[checked_${label}]`);
  }
  return [
    ...ffmpegCommonArgs(),
    ...guardedInputArgs(inputPath),
    '-filter_complex',
    chains.join(';'),
    // The null muxer opens no file, so `-` is never written to.
    ...outputs.flatMap((output) => ['-map', output, '-f', 'null', '-']),
  ];
}
