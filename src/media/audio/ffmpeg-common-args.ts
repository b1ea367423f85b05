/**
 * Arguments every ffmpeg run starts with: no stdin (a stray `q` on a terminal must not
 * stop a job), machine-readable progress on stdout, and log lines prefixed with their
 * level so that errors can be told from the filters' reports.
 */
export function ffmpegCommonArgs(): string[] {
  return ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info', '-progress', 'pipe:1'];
}
