import { guardedInputArgs } from './input-guard.js';

/**
 * Only the fields the pipeline reads: a file with huge tags or thousands of chapters
 * cannot blow up the JSON that comes back.
 */
const probeEntries = [
  'format=format_name,duration,size',
  'stream=index,codec_type,codec_name,sample_fmt,sample_rate,channels,channel_layout,bits_per_sample,bits_per_raw_sample,start_time,duration',
  'stream_tags=language',
].join(':');

/** ffprobe arguments that describe the container and every stream of `inputPath` as JSON. */
export function buildProbeArgs(inputPath: string): string[] {
  return [
    '-hide_banner',
    // Warnings too: the one saying a duration was estimated from the bitrate
    // (`bitrateEstimateWarning`) marks a length the container never declared.
    '-loglevel',
    'level+warning',
    '-print_format',
    'json',
    '-show_entries',
    probeEntries,
    ...guardedInputArgs(inputPath),
  ];
}
