/**
 * Where tesseract language data comes from: the npm packages `@tesseract.js-data/<code>`,
 * never a download at run time (tesseract.js fetches from a CDN when it finds nothing,
 * and offline that failure escapes try/catch and ends the process).
 */
import { access, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MissingLanguageDataError } from './errors.js';

const require = createRequire(import.meta.url);
const packageScope = '@tesseract.js-data';

/** A tesseract language code as the data packages name them, e.g. `vie`, `chi_sim`, `osd`. */
const languageCodePattern = /^[a-z][a-z0-9_]{2,}$/;

/**
 * `lstm`: the integer LSTM models tesseract.js recognises with (`4.0.0_best_int`);
 * `legacy`: the full models with the legacy engine, which orientation detection needs.
 */
export type LanguageModel = 'lstm' | 'legacy';
const modelFolder: Record<LanguageModel, string> = { lstm: '4.0.0_best_int', legacy: '4.0.0' };

/** Where a data package keeps one model of its language, relative to the package folder. */
function dataFileInPackage(language: string, model: LanguageModel): string {
  return path.join(modelFolder[model], `${language}.traineddata.gz`);
}

/** One language's gzip'd traineddata, located in its npm package. */
export interface LanguageDataFile {
  language: string;
  packageName: string;
  file: string;
}

/** An installed language data package, as `heritage doctor` reports it. */
export interface InstalledLanguage {
  language: string;
  packageName: string;
  version: string;
  models: LanguageModel[];
}

/** Splits tesseract's `vie+eng` into codes, refusing anything that is not a language code. */
export function parseLanguages(languages: string): string[] {
  const codes = languages.split('+');
  for (const code of codes) {
    if (!languageCodePattern.test(code)) {
      throw new Error(`OCR languages "${languages}": "${code}" is not a tesseract language code`);
    }
  }
  return codes;
}

/** The npm package that ships a language's data, e.g. `@tesseract.js-data/vie`. */
export function languageDataPackage(language: string): string {
  return `${packageScope}/${language}`;
}

/** Finds a language's data file, or throws `MissingLanguageDataError` naming the package. */
export async function locateLanguageData(
  language: string,
  model: LanguageModel = 'lstm',
): Promise<LanguageDataFile> {
  parseLanguages(language);
  const packageName = languageDataPackage(language);
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    throw new MissingLanguageDataError(language, packageName, 'package not installed');
  }
  const relative = dataFileInPackage(language, model);
  const file = path.join(packageDir, relative);
  try {
    await access(file);
  } catch {
    throw new MissingLanguageDataError(language, packageName, `${packageName} has no ${relative}`);
  }
  return { language, packageName, file };
}

/** Which language data packages are installed where this module can load them. */
export async function availableOcrLanguages(): Promise<InstalledLanguage[]> {
  const found = new Map<string, InstalledLanguage>();
  // The same folders, in the same order, that Node searches when it resolves a package.
  for (const modulesDir of require.resolve.paths(packageScope) ?? []) {
    const scopeDir = path.join(modulesDir, packageScope);
    const entries = await readdir(scopeDir).catch(() => [] as string[]);
    for (const language of entries) {
      if (found.has(language) || !languageCodePattern.test(language)) continue;
      const installed = await describePackage(path.join(scopeDir, language), language);
      if (installed) found.set(language, installed);
    }
  }
  return [...found.values()].sort((a, b) => a.language.localeCompare(b.language));
}

async function describePackage(
  dir: string,
  language: string,
): Promise<InstalledLanguage | undefined> {
  let version: string;
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    version = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return undefined;
  }
  const models: LanguageModel[] = [];
  for (const model of ['lstm', 'legacy'] as const) {
    const file = path.join(dir, dataFileInPackage(language, model));
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    ) {
      models.push(model);
    }
  }
  return models.length === 0
    ? undefined
    : { language, packageName: languageDataPackage(language), version, models };
}

/** A temporary folder that tesseract.js can use as its `langPath`. */
export interface LinkedLanguageData {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Links each language's file into one temporary folder. tesseract.js reads every
 * language from a single `langPath`, while each package has its own folder; its
 * in-memory alternative (`{ code, data }`) is broken in v7 (tesseract.js PR #1052).
 */
export async function linkLanguageData(files: LanguageDataFile[]): Promise<LinkedLanguageData> {
  const dir = await mkdtemp(path.join(tmpdir(), 'heritage-ocr-lang-'));
  try {
    for (const { language, file } of files) {
      await symlink(file, path.join(dir, `${language}.traineddata.gz`));
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The language data orientation detection reads, with tesseract's legacy engine. */
export const ORIENTATION_LANGUAGE = 'osd';

/**
 * Locates the data of every configured language, plus orientation detection's (`osd`)
 * when it is wanted: the start-up check that fails with the package to install.
 */
export async function requireOcrLanguageData(
  languages: string,
  options: { orientation: boolean },
): Promise<LanguageDataFile[]> {
  const files: LanguageDataFile[] = [];
  for (const language of parseLanguages(languages))
    files.push(await locateLanguageData(language, 'lstm'));
  if (options.orientation) files.push(await locateLanguageData(ORIENTATION_LANGUAGE, 'legacy'));
  return files;
}
