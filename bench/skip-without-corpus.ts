/** Ends a benchmark of the corpus files with one line, and success, when the corpus is absent. */
import { corpusLabel, corpusMissing } from '../tests/support/corpus.js';

export function skipWithoutCorpus(): void {
  if (!corpusMissing) return;
  console.log(`skipped: ${corpusLabel} not found`);
  process.exit(0);
}
