/**
 * The 1-based line of each cue's timing line (`00:00:01.000 --> 00:00:02.000`) in a
 * WebVTT or SRT document, in cue order. The parsers give cues without lines; the
 * arrow is what starts a cue in both formats and may appear nowhere else (WebVTT), or
 * ends the cue before it when it does (SRT), so the n-th arrow line is the n-th cue's.
 */
export function cueTimingLines(text: string): number[] {
  const lines: number[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line.includes('-->')) lines.push(index + 1);
  });
  return lines;
}
