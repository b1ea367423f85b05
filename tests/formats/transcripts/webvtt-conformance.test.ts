import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DocumentFormatError, parseWebVtt } from '../../../src/formats/index.js';
import { corpusFile, corpusMissing } from '../../support/corpus.js';
import { describeWithCorpus } from '../../support/corpus-tests.js';

/**
 * The WebVTT file-parsing tests of the W3C web-platform-tests, read in place beside the
 * checkout (never copied here): every file must load with the cue count a browser finds,
 * or be refused as a browser refuses it.
 */
const suite = corpusFile('webvtt-wpt');

interface Expectation {
  expect: 'load' | 'error';
  cues: number;
}

const expectations: Record<string, Expectation> = !corpusMissing
  ? JSON.parse(readFileSync(path.join(suite, 'expectations.json'), 'utf8'))
  : {};

/** What heritage makes of a file: loaded with so many cues, or refused. */
function outcome(name: string): Expectation {
  try {
    const transcript = parseWebVtt(readFileSync(path.join(suite, `${name}.vtt`)), {
      sourceName: `${name}.vtt`,
    });
    return { expect: 'load', cues: transcript.tiers[0]?.segments.length ?? 0 };
  } catch (error) {
    if (error instanceof DocumentFormatError) return { expect: 'error', cues: 0 };
    throw error;
  }
}

describeWithCorpus('the W3C WebVTT parsing suite', () => {
  let passed = 0;

  afterAll(() => {
    console.log(
      `WebVTT conformance: ${passed} of ${Object.keys(expectations).length} files as a browser parses them`,
    );
  });

  it('has an expectation for every file of the suite', () => {
    const files = readdirSync(suite)
      .filter((file) => file.endsWith('.vtt'))
      .map((file) => file.slice(0, -'.vtt'.length));
    expect(files.sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(Object.entries(expectations))('treats %s as a browser does', (name, expected) => {
    expect(outcome(name)).toEqual({ expect: expected.expect, cues: expected.cues });
    passed += 1;
  });
});
