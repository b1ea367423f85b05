import { createRequire } from 'node:module';
import { heritageVersion } from '../../infra/package/heritage-version.js';
import { compareText } from './compare-text.js';
import type { CardFacts } from './dataset-card.js';
import type { ExclusionTally } from './exclusion-tally.js';
import type { ExportRequest } from './export-request.js';
import type { IncludedItem } from './included-items.js';
import type { ExportPlan } from './plan-export.js';
import type { WrittenDataset } from './write-dataset.js';

/** What the dataset card states, gathered from the plan, the written files and the included items. */
export function gatherCardFacts(parts: {
  exportId: string;
  request: ExportRequest;
  plan: ExportPlan;
  written: WrittenDataset;
  included: readonly IncludedItem[];
  exclusions: ExclusionTally;
  ocrLanguages: string;
}): CardFacts {
  const { plan, written } = parts;
  const included = parts.included.map((entry) => entry.item);
  return {
    exportId: parts.exportId,
    toolVersion: heritageVersion,
    request: parts.request,
    itemCount: included.length,
    collections: uniqueBy(
      included.map((item) => item.record.collection),
      (c) => c.id,
    ),
    // The items' languages, and those the rows were tagged with (tiers, OCR models, translations).
    languages: sortedUnique([
      ...included.flatMap((item) => item.record.item.languages),
      ...plan.utterances.map((utterance) => utterance.language),
      ...plan.clips.map((clip) => clip.language),
      ...plan.corpus.map((text) => text.language),
      ...plan.pairs.flatMap((pair) => [pair.source_lang, pair.target_lang]),
    ]),
    licences: sortedUnique(included.map((item) => item.licence)),
    tkLabels: counted(included.flatMap((item) => item.record.item.tkLabels)),
    protocols: counted(included.map((item) => item.record.item.accessProtocol)),
    namedSpeakerItems: plan.namedSpeakerItems,
    speech: written.speech,
    unlabelled: written.unlabelled,
    text: written.text,
    parallel: written.parallel,
    ocr: written.ocr,
    exclusions: parts.exclusions.entries(),
    audioAgents: sortedUnique([...plan.audioAgents]),
    loudnessTargets: sortedUnique([...plan.loudnessTargets]),
    ocrEngine: `tesseract.js ${tesseractJsVersion()}`,
    ocrLanguages: parts.ocrLanguages,
    splitNotes: written.splitNotes,
  };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

function counted(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => compareText(a, b));
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()].sort((a, b) => compareText(key(a), key(b)));
}

function tesseractJsVersion(): string {
  return (createRequire(import.meta.url)('tesseract.js/package.json') as { version: string })
    .version;
}
