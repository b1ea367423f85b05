import { describe, expect, it } from 'vitest';
import { MissingLanguageDataError } from '../../../src/media/ocr/errors.js';
import {
  availableOcrLanguages,
  locateLanguageData,
  parseLanguages,
  requireOcrLanguageData,
} from '../../../src/media/ocr/language-data.js';

describe('OCR language data from npm packages', () => {
  it('splits a tesseract language list', () => {
    expect(parseLanguages('vie+eng+chi_sim')).toEqual(['vie', 'eng', 'chi_sim']);
  });

  it.each(['../../etc', 'vie+', 'VIE', 'vi', 'vie eng'])(
    'refuses %j as a language list',
    (languages) => {
      expect(() => parseLanguages(languages)).toThrow('is not a tesseract language code');
    },
  );

  it('finds the installed packages the project depends on, with their models', async () => {
    const installed = await availableOcrLanguages();
    const byLanguage = new Map(installed.map((each) => [each.language, each]));
    for (const language of ['vie', 'eng', 'osd']) {
      expect(byLanguage.get(language)?.packageName).toBe(`@tesseract.js-data/${language}`);
      expect(byLanguage.get(language)?.models).toContain('lstm');
    }
    expect(byLanguage.get('osd')?.models).toContain('legacy');
  });

  it('locates the LSTM model file of a language', async () => {
    const located = await locateLanguageData('vie');
    expect(located.file).toMatch(
      /@tesseract\.js-data\/vie\/4\.0\.0_best_int\/vie\.traineddata\.gz$/,
    );
  });

  it('names the package to install for a language without data', async () => {
    const failure = requireOcrLanguageData('vie+tyz', { orientation: false });
    await expect(failure).rejects.toBeInstanceOf(MissingLanguageDataError);
    await expect(failure).rejects.toThrow(
      'OCR language "tyz" has no language data (package not installed): install the npm package @tesseract.js-data/tyz',
    );
  });

  it('asks for orientation data only when orientation detection is on', async () => {
    const without = await requireOcrLanguageData('eng', { orientation: false });
    const withOrientation = await requireOcrLanguageData('eng', { orientation: true });
    expect(without.map((each) => each.language)).toEqual(['eng']);
    expect(withOrientation.map((each) => each.language)).toEqual(['eng', 'osd']);
    expect(withOrientation[1]?.file).toMatch(/osd\/4\.0\.0\/osd\.traineddata\.gz$/);
  });
});
