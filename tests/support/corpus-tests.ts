/** `describe` and `it` for tests of the corpus files: skipped when the corpus is absent (see corpus.ts). */
import { describe, it } from 'vitest';
import { corpusMissing } from './corpus.js';

export const describeWithCorpus = describe.skipIf(corpusMissing);
export const itWithCorpus = it.skipIf(corpusMissing);
