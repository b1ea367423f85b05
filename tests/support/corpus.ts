/**
 * The reference corpus: real files written by others, kept beside the checkout in
 * `../shared/corpus` for development and CI, never in the repository. A test that needs
 * it is declared with `describeWithCorpus` or `itWithCorpus` (corpus-tests.ts), so a bare
 * clone skips it; the global setup prints one line saying so. With `HERITAGE_REQUIRE_CORPUS=1` (set
 * by CI) a missing corpus is an error instead, so its tests cannot pass by skipping.
 * Free of vitest, so the benchmarks can use it too.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the corpus is looked for: `../shared/corpus` from the project root. */
const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** The folder as the messages name it. */
export const corpusLabel = '../shared/corpus';

/** True when the corpus folder is absent and its tests are to be skipped. */
export const corpusMissing: boolean = (() => {
  if (existsSync(corpusDir)) return false;
  if (process.env.HERITAGE_REQUIRE_CORPUS === '1')
    throw new Error(
      `HERITAGE_REQUIRE_CORPUS=1 but the corpus folder ${corpusLabel} (${corpusDir}) was not found`,
    );
  return true;
})();

/** The path of a corpus file, e.g. `corpusFile('audio', 'jfk.flac')`. */
export const corpusFile = (...parts: string[]): string => path.join(corpusDir, ...parts);
