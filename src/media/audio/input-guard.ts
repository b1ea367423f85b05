import path from 'node:path';

/**
 * Demuxers ffmpeg may use on an input. ffmpeg names some by families ("mov,mp4,m4a,...",
 * "matroska,webm") and matches a whitelist entry against any member. Everything else is
 * refused before its header is read: above all `hls` and `concat`, whose playlists make
 * ffmpeg open other local files even when only the `file` protocol is allowed.
 */
export const allowedDemuxers = [
  'wav',
  'w64',
  'aiff',
  'flac',
  'mp3',
  'ogg',
  'aac',
  'mov',
  'matroska',
  'avi',
] as const;

/** Only local files and the pipes we hand to ffmpeg: no network, no `subfile:`, no `concat:`. */
export const allowedProtocols = 'file,pipe';

/**
 * Largest video frame a decoder may allocate while ffmpeg probes a video's streams
 * (8192 x 8192, above 8K UHD). Video is never decoded for its own sake here, but probing
 * may decode a first frame, and a crafted header can claim a frame of gigabytes.
 */
export const maxVideoPixels = 8192 * 8192;

/**
 * The URL ffmpeg gets for a local path. The explicit `file:` keeps a name such as
 * `concat:a|b` or `-x.wav` from being read as a protocol or an option.
 */
export function fileUrl(filePath: string): string {
  return `file:${path.resolve(filePath)}`;
}

/** Arguments that open one untrusted input, behind the whitelists and the frame cap. */
export function guardedInputArgs(inputPath: string): string[] {
  return [
    '-protocol_whitelist',
    allowedProtocols,
    '-format_whitelist',
    allowedDemuxers.join(','),
    '-max_pixels',
    String(maxVideoPixels),
    '-i',
    fileUrl(inputPath),
  ];
}
