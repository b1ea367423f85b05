import { describe, expect, it } from 'vitest';
import { decideRotation } from '../../../src/media/ocr/orientation.js';

describe('deciding how to turn a page from orientation detection', () => {
  it('turns the page clockwise by the angle tesseract reports when it is sure', () => {
    for (const degrees of [0, 90, 180, 270]) {
      expect(
        decideRotation({ orientation_degrees: degrees, orientation_confidence: 12 }, 7),
      ).toEqual({
        rotation: degrees,
        confidence: 12,
      });
    }
  });

  it('leaves the page as it is when the margin is under the minimum, but reports it', () => {
    expect(decideRotation({ orientation_degrees: 180, orientation_confidence: 3.5 }, 7)).toEqual({
      rotation: 0,
      confidence: 3.5,
    });
  });

  it('turns at exactly the minimum margin', () => {
    expect(decideRotation({ orientation_degrees: 90, orientation_confidence: 7 }, 7).rotation).toBe(
      90,
    );
  });

  it('leaves the page as it is when tesseract found no text to judge by', () => {
    expect(decideRotation({ orientation_degrees: null, orientation_confidence: null }, 7)).toEqual({
      rotation: 0,
      confidence: null,
    });
  });

  it('ignores an angle that is not a quarter turn', () => {
    expect(
      decideRotation({ orientation_degrees: 45, orientation_confidence: 30 }, 7).rotation,
    ).toBe(0);
  });
});
