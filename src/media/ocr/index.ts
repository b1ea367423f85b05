/** OCR of scanned pages: the library behind the `ocr-page` job. */
export {
  createOcrEngine,
  type OcrEngine,
  type OcrProgress,
  type RecognizeFileOptions,
} from './engine.js';
export {
  type OcrEngineOptions,
  type OcrEngineSettings,
  ocrEngineOptionsSchema,
} from './engine-options.js';
export { BadImageError, MissingLanguageDataError, OcrProcessError } from './errors.js';
export { detectOcrInputFormat, type OcrInputFormat } from './input-format.js';
export {
  availableOcrLanguages,
  type InstalledLanguage,
  type LanguageDataFile,
  languageDataPackage,
  requireOcrLanguageData,
} from './language-data.js';
export {
  type OcrDocumentResult,
  type OcrPageResult,
  ocrDocumentResultSchema,
  ocrPageResultSchema,
} from './result-schema.js';
