import { describe, expect, it } from 'vitest';
import { voicedRegions } from '../../../src/media/audio/voice-activity.js';
import { unlabelledClipRanges } from '../../../src/usecases/export/unlabelled-clips.js';

const RATE = 16_000;
const seconds = (clips: { startFrame: number; endFrame: number }[]) =>
  clips.map(({ startFrame, endFrame }) => [startFrame / RATE, endFrame / RATE]);

describe('voiced regions from silencedetect stretches', () => {
  it('are what lies between the pauses, with a pause still open at the end closing the last', () => {
    expect(
      voicedRegions(
        [
          { startSeconds: 0, endSeconds: 1 },
          { startSeconds: 6, endSeconds: 7.5 },
        ],
        30,
        32,
      ),
    ).toEqual([
      { startSeconds: 1, endSeconds: 6 },
      { startSeconds: 7.5, endSeconds: 30 },
    ]);
    expect(voicedRegions([], null, 4)).toEqual([{ startSeconds: 0, endSeconds: 4 }]);
    expect(voicedRegions([], 0, 4)).toEqual([]);
  });
});

describe('unlabelled clips of a recording', () => {
  it('keeps regions of 2 s or more, cuts longer than 20 s into equal pieces, drops short ones', () => {
    const clips = unlabelledClipRanges(
      [
        { startSeconds: 1, endSeconds: 6 },
        { startSeconds: 7.5, endSeconds: 32.5 },
        { startSeconds: 33.5, endSeconds: 35.4 },
        { startSeconds: 36, endSeconds: 38 },
      ],
      [],
      RATE,
      40 * RATE,
    );
    expect(seconds(clips)).toEqual([
      [1, 6],
      [7.5, 20],
      [20, 32.5],
      [36, 38],
    ]);
  });

  it('never overlaps a transcribed segment, and rounds regions inwards to whole frames', () => {
    const clips = unlabelledClipRanges(
      [{ startSeconds: 1.00003, endSeconds: 12.99997 }],
      [
        { startMs: 4000, endMs: 6000 },
        { startMs: 11_500, endMs: 14_000 },
      ],
      RATE,
      14 * RATE,
    );
    expect(clips).toEqual([
      { startFrame: 16_001, endFrame: 64_000 },
      { startFrame: 96_000, endFrame: 184_000 },
    ]);
  });

  it('gives nothing when the transcripts cover the speech, and stops at the end of the copy', () => {
    expect(
      unlabelledClipRanges(
        [{ startSeconds: 0, endSeconds: 4 }],
        [{ startMs: 0, endMs: 4000 }],
        RATE,
        4 * RATE,
      ),
    ).toEqual([]);
    expect(
      seconds(unlabelledClipRanges([{ startSeconds: 0, endSeconds: 9 }], [], RATE, 3 * RATE)),
    ).toEqual([[0, 3]]);
  });
});
