import type { ToolFailure } from './errors.js';
import { parseLogLine } from './ffmpeg-log.js';
import { allowedDemuxers, fileUrl } from './input-guard.js';

/** Whether a failed run says something about the input (permanent) or about the machine. */
export type FailureKind = { kind: 'bad-media'; reason: string } | { kind: 'transient' };

/** Messages that describe the machine, not the file: retrying may help. */
const transientPatterns = [
  /No space left on device/i,
  /Cannot allocate memory/i,
  /Resource temporarily unavailable/i,
  /Too many open files/i,
  /Input\/output error/i,
];

/** Messages ffmpeg gives for input it cannot or will not read. */
const badMediaPatterns = [
  /Invalid data found when processing input/i,
  /not on whitelist/i,
  /moov atom not found/i,
  /could not find codec parameters/i,
  /Decoder \(codec .*\) not found/i,
  /does not contain any stream/i,
];

/**
 * Decides from a failed run's log tail whether the input is at fault. ffprobe only
 * reads headers, so its failures blame the input unless the log names a machine
 * problem; ffmpeg failures blame the input only when the log says so.
 */
export function classifyToolFailure(failure: ToolFailure, inputPath?: string): FailureKind {
  const stripUrl = (message: string) => {
    // ffmpeg starts messages about the input with its URL, which the error names already.
    const prefix = inputPath === undefined ? null : `${fileUrl(inputPath)}: `;
    return (prefix && message.startsWith(prefix) ? message.slice(prefix.length) : message).trim();
  };
  if (failure.timedOut || failure.signal || failure.exitCode === null) return { kind: 'transient' };
  const lines = failure.stderrTail.map(parseLogLine);
  const problems = lines.filter((line) => line.level === 'error' || line.level === 'fatal');
  const messages = problems.length > 0 ? problems : lines;
  if (messages.some((line) => transientPatterns.some((pattern) => pattern.test(line.message)))) {
    return { kind: 'transient' };
  }
  const refusedFormat = messages.find((line) => /Format not on whitelist/i.test(line.message));
  if (refusedFormat) {
    const detected = refusedFormat.source
      ? `it is read as "${refusedFormat.source}", which is`
      : 'its format is';
    return {
      kind: 'bad-media',
      reason: `refused: ${detected} not one of the accepted containers (${allowedDemuxers.join(', ')})`,
    };
  }
  const telling = messages.find((line) =>
    badMediaPatterns.some((pattern) => pattern.test(line.message)),
  );
  if (telling) return { kind: 'bad-media', reason: stripUrl(telling.message) };
  if (failure.tool === 'ffprobe') {
    const last = messages.at(-1);
    return {
      kind: 'bad-media',
      reason: last ? stripUrl(last.message) : 'ffprobe could not read it',
    };
  }
  return { kind: 'transient' };
}
