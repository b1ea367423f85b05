import type { TimedSegment } from './transcript-model.js';

/**
 * Writes segments as WebVTT cues, in time order. Hand-written because the format is small
 * and the library serialisers fit badly: webvtt-parser's wants the parser's full cue
 * objects (every cue setting and a cue-text tree), and subtitle's formats times through a
 * local-time Date. Text is escaped, and blank lines, which would end a cue, are dropped.
 */
export function serializeWebVtt(segments: readonly TimedSegment[]): string {
  const cues = [...segments].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  let out = 'WEBVTT\n';
  for (const cue of cues) {
    if (cue.endMs < cue.startMs)
      throw new RangeError(`cue at ${cue.startMs} ms ends before it starts`);
    out += '\n';
    if (cue.cueId && !cue.cueId.includes('-->') && !/[\r\n]/.test(cue.cueId))
      out += `${cue.cueId}\n`;
    out += `${timestamp(cue.startMs)} --> ${timestamp(cue.endMs)}\n`;
    const payload = cue.text
      .split(/\r\n|\r|\n/)
      .filter((line) => line.trim() !== '')
      .join('\n');
    out += `${escapeCueText(payload)}\n`;
  }
  return out;
}

function timestamp(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  const millis = ms % 1000;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function escapeCueText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
