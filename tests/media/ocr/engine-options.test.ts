import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src/infra/config/settings-schema.js';
import { parseOcrEngineOptions } from '../../../src/media/ocr/engine-options.js';

describe('OCR engine options', () => {
  it('fills every default', () => {
    expect(parseOcrEngineOptions({})).toMatchObject({
      languages: 'vie+eng',
      workers: 2,
      reviewBelowConfidence: 60,
      maxMegapixels: 120,
      detectOrientation: true,
      pdfDpi: 300,
    });
  });

  it('accepts the ocr settings as they are', () => {
    const { ocr } = settingsSchema.parse({ ocr: { languages: 'eng', workers: '3' } });
    expect(parseOcrEngineOptions(ocr)).toMatchObject({ languages: 'eng', workers: 3 });
  });

  it('names every wrong option at once', () => {
    expect(() => parseOcrEngineOptions({ languages: 'vie,eng', workers: 0 })).toThrow(
      /invalid OCR engine options:[\s\S]*languages[\s\S]*workers/,
    );
  });
});
