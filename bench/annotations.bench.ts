/**
 * ELAN EAF import and export speed on the corpus documents (8,778 annotations each),
 * against a baseline measured in the same run: a bare @xmldom/xmldom DOMParser parse and
 * XMLSerializer serialisation of the same bytes. Also shows the conversion of the
 * parsed document to annotations. Figures are medians of several runs after a warm-up.
 */
import { readFileSync } from 'node:fs';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { eafToAnnotations, parseEaf, serializeEaf } from '../src/formats/index.js';
import { corpusFile } from '../tests/support/corpus.js';
import { skipWithoutCorpus } from './skip-without-corpus.js';

const RUNS = 7;
skipWithoutCorpus();

function medianMs(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const rows: string[][] = [];
for (const name of ['sample_3.0.eaf', 'sample_2.7.eaf']) {
  const bytes = readFileSync(corpusFile('eaf', name));
  const document = parseEaf(bytes, { sourceName: name });
  const annotationCount = document.tiers.reduce((sum, tier) => sum + tier.annotations.length, 0);

  const importMs = medianMs(() => parseEaf(bytes, { sourceName: name }));
  const exportMs = medianMs(() => serializeEaf(document));
  const convertMs = medianMs(() => eafToAnnotations(document, { asset: 'bench', author: 'bench' }));
  const domParseMs = medianMs(() =>
    new DOMParser().parseFromString(bytes.toString('utf8'), 'text/xml'),
  );
  const dom = new DOMParser().parseFromString(bytes.toString('utf8'), 'text/xml');
  const domSerializeMs = medianMs(() => new XMLSerializer().serializeToString(dom));

  const perSecond = (ms: number) => Math.round((annotationCount / ms) * 1000).toLocaleString('en');
  const ratio = (ours: number, baseline: number) => `${(ours / baseline).toFixed(2)}x`;
  rows.push(
    [
      name,
      'import (parseEaf)',
      importMs.toFixed(1),
      perSecond(importMs),
      'xmldom parse',
      domParseMs.toFixed(1),
      ratio(importMs, domParseMs),
    ],
    [
      name,
      'export (serializeEaf)',
      exportMs.toFixed(1),
      perSecond(exportMs),
      'xmldom serialise',
      domSerializeMs.toFixed(1),
      ratio(exportMs, domSerializeMs),
    ],
    [
      name,
      'import + export',
      (importMs + exportMs).toFixed(1),
      perSecond(importMs + exportMs),
      'parse + serialise',
      (domParseMs + domSerializeMs).toFixed(1),
      ratio(importMs + exportMs, domParseMs + domSerializeMs),
    ],
    [name, 'to annotations', convertMs.toFixed(1), perSecond(convertMs), '', '', ''],
  );
  console.log(
    `${name}: ${bytes.byteLength.toLocaleString('en')} bytes, ${annotationCount.toLocaleString('en')} annotations`,
  );
}

const header = ['document', 'step', 'ms', 'annotations/s', 'baseline', 'baseline ms', 'ratio'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
);
const line = (cells: string[]) =>
  cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
for (const row of rows) console.log(line(row));
console.log(
  `\nmedian of ${RUNS} runs; ratio = ours / baseline (below 1 is faster than the bare DOM round trip)`,
);
