import { describe, expect, it } from 'vitest';
import { detectVoice } from '../../../src/media/audio/voice-activity.js';
import { MAX_TOOL_STREAMS } from '../../../src/media/launch/tool-launcher.js';
import { toneWav } from '../../support/deposit.js';

const SAMPLE_RATE = 16_000;

/** A WAV of a second of silence, a tone of `seconds`, then a second of silence. */
function toneBetweenSilences(seconds: number): Buffer {
  const wav = toneWav(seconds + 2, 440, SAMPLE_RATE);
  const samples = (wav.length - 44) / 2;
  for (let index = 0; index < samples; index++) {
    const at = index / SAMPLE_RATE;
    if (at < 1 || at >= 1 + seconds) wav.writeInt16LE(0, 44 + index * 2);
  }
  return wav;
}

describe('voice activity', () => {
  it('finds the voiced stretch of each copy, with more copies than one ffmpeg run takes pipes', async () => {
    // More inputs than a tool may have streams: several runs, the results in input order.
    const tones = Array.from({ length: MAX_TOOL_STREAMS + 4 }, (_, index) => 1 + index * 0.1);
    const regions = await detectVoice(
      tones.map((seconds) => ({
        chunks: [toneBetweenSilences(seconds)],
        durationSeconds: seconds + 2,
      })),
      { ffmpegPath: 'ffmpeg', targetLufs: -23, source: `${tones.length} tones` },
    );
    expect(regions).toHaveLength(tones.length);
    regions.forEach((found, index) => {
      const seconds = tones[index] as number;
      expect(found).toHaveLength(1);
      expect(found[0]?.startSeconds).toBeCloseTo(1, 1);
      expect(found[0]?.endSeconds).toBeCloseTo(1 + seconds, 1);
    });
  }, 60_000);
});
