import { describe, expect, it } from 'vitest';
import { loudnessOf, snapToSilence } from '../../web/src/workspace/tier-snap.js';

/** Ten columns of 100 ms each: loud speech with a quiet gap at 400–500 ms. */
const peaks = [[0.8, -0.7, 0.9, 0.6, 0.02, -0.8, 0.7, 0.9, 0.8, 0.6]];
const loudness = loudnessOf(peaks);

describe('snapping a boundary to silence', () => {
  it('moves a boundary to the quiet column within the window', () => {
    expect(snapToSilence(loudness, 1000, 380)).toBe(450);
    expect(snapToSilence(loudness, 1000, 560)).toBe(450);
  });

  it('leaves a boundary whose silence is further than the window', () => {
    expect(snapToSilence(loudness, 1000, 800, 200)).not.toBe(450);
    expect(snapToSilence(loudness, 1000, 120, 200)).toBe(120);
  });

  it('never moves further than the window', () => {
    const snapped = snapToSilence(loudness, 1000, 700, 250);
    expect(Math.abs(snapped - 700)).toBeLessThanOrEqual(250);
  });

  it('keeps a boundary already in silence where it is', () => {
    expect(snapToSilence(loudness, 1000, 430)).toBe(430);
  });

  it('takes the loudest channel of each column and stays in the recording', () => {
    expect(
      Array.from(
        loudnessOf([
          [0.1, -0.5],
          [-0.3, 0.2],
        ]),
      ),
    ).toEqual([expect.closeTo(0.3), expect.closeTo(0.5)]);
    expect(snapToSilence(loudness, 1000, -40)).toBeGreaterThanOrEqual(0);
    expect(snapToSilence(new Float32Array(), 1000, 1200)).toBe(1000);
  });
});
