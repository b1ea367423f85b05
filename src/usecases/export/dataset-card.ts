import { stringify } from 'yaml';
import type { Collection } from '../../model/item.js';
import { datasheet } from './datasheet.js';
import type { ExclusionCount } from './exclusion-tally.js';
import type { ExportRequest, SplitName } from './export-request.js';
import type { LanguageCounts } from './language-counts.js';
import { presentSplits } from './present-splits.js';
import { speechFeatures } from './speech-parquet.js';
import type { OriginCounts } from './text-origin.js';
import { unlabelledFeatures } from './unlabelled-parquet.js';
import type { OcrLinesSummary } from './write-ocr-lines.js';
import type { ParallelSplitSummary } from './write-parallel.js';
import type { SpeechSummary } from './write-speech.js';
import { UNLABELLED_ROOT, type UnlabelledSummary } from './write-unlabelled.js';

/** Everything the card states; all of it comes from the export itself. */
export interface CardFacts {
  exportId: string;
  toolVersion: string;
  request: ExportRequest;
  itemCount: number;
  collections: Collection[];
  /** BCP-47 tags of the included items and of their rows. */
  languages: string[];
  licences: string[];
  /** Local Contexts labels on included items, with how many items carry each. */
  tkLabels: [string, number][];
  protocols: [string, number][];
  namedSpeakerItems: number;
  speech: SpeechSummary;
  /** Clips of untranscribed speech, by voice activity. */
  unlabelled: UnlabelledSummary;
  text: Partial<
    Record<
      SplitName,
      { documents: number; bytes: number; origins: OriginCounts; languages: LanguageCounts }
    >
  >;
  parallel: Partial<Record<SplitName, ParallelSplitSummary>>;
  ocr: OcrLinesSummary;
  exclusions: ExclusionCount[];
  /** Software that made the training copies (`ffmpeg 5.1.6`) and their loudness targets. */
  audioAgents: string[];
  loudnessTargets: string[];
  ocrEngine: string;
  ocrLanguages: string;
  /** Configs with no train split, groups moved by `minSplit` (see `split-plan.ts`). */
  splitNotes: string[];
}

/**
 * `README.md`: a Hugging Face dataset card (YAML header with licence, languages,
 * tasks, configs and `dataset_info`) followed by a datasheet (Gebru et al.,
 * "Datasheets for Datasets"). Nothing in it depends on the time of the export.
 */
export function buildDatasetCard(facts: CardFacts): string {
  return `---\n${stringify(yamlHeader(facts), { lineWidth: 0 })}---\n\n${datasheet(facts)}`;
}

/** One config of the dataset: its task, `configs` entry and `dataset_info` entry (when it has one). */
interface CardConfig {
  task: string;
  config: Record<string, unknown>;
  info?: Record<string, unknown>;
}

function yamlHeader(facts: CardFacts): Record<string, unknown> {
  const parts = [
    speechConfig(facts),
    unlabelledConfig(facts),
    textConfig(facts),
    parallelConfig(facts),
    ocrConfig(facts),
  ].filter((part): part is CardConfig => part !== undefined);
  return {
    pretty_name: `${facts.collections.map((collection) => collection.title).join('; ') || 'heritage'} (dataset export ${facts.exportId})`,
    license: licenceYaml(facts.licences),
    language: [...new Set(facts.languages.map((tag) => tag.split('-')[0] as string))].sort(),
    task_categories: [...new Set(parts.map((part) => part.task))],
    tags: ['heritage', 'minority-languages', 'cultural-heritage'],
    configs: parts.map((part) => part.config),
    dataset_info: parts.flatMap((part) => (part.info ? [part.info] : [])),
  };
}

function speechConfig(facts: CardFacts): CardConfig | undefined {
  const speechSplits = presentSplits(facts.speech.splits);
  if (speechSplits.length === 0) return undefined;
  const config = {
    config_name: 'speech',
    default: true,
    data_files: speechSplits.map(([split]) => ({ split, path: `data/${split}-*.parquet` })),
  };
  const info = {
    config_name: 'speech',
    features: Object.entries(speechFeatures(facts.speech.sampleRate)).map(([name, feature]) =>
      featureYaml(name, feature as Record<string, unknown>),
    ),
    splits: speechSplits.map(([name, split]) => ({
      name,
      num_bytes: split.clipBytes,
      num_examples: split.utterances,
    })),
    download_size: sum(speechSplits.map(([, split]) => split.parquetBytes)),
    dataset_size: sum(speechSplits.map(([, split]) => split.clipBytes)),
  };
  return { task: 'automatic-speech-recognition', config, info };
}

function unlabelledConfig(facts: CardFacts): CardConfig | undefined {
  const splits = presentSplits(facts.unlabelled.splits);
  if (splits.length === 0) return undefined;
  const config = {
    config_name: 'unlabelled',
    data_files: splits.map(([split]) => ({
      split,
      path: `${UNLABELLED_ROOT}/data/${split}-*.parquet`,
    })),
  };
  const info = {
    config_name: 'unlabelled',
    features: Object.entries(unlabelledFeatures(facts.speech.sampleRate)).map(([name, feature]) =>
      featureYaml(name, feature as Record<string, unknown>),
    ),
    splits: splits.map(([name, split]) => ({
      name,
      num_bytes: split.clipBytes,
      num_examples: split.clips,
    })),
    download_size: sum(splits.map(([, split]) => split.parquetBytes)),
    dataset_size: sum(splits.map(([, split]) => split.clipBytes)),
  };
  return { task: 'automatic-speech-recognition', config, info };
}

function textConfig(facts: CardFacts): CardConfig | undefined {
  const textSplits = presentSplits(facts.text);
  if (textSplits.length === 0) return undefined;
  const config = {
    config_name: 'text',
    data_files: textSplits.map(([split]) => ({ split, path: `text/${split}.jsonl` })),
  };
  const info = {
    config_name: 'text',
    features: [
      'id',
      'text',
      'language',
      'source_item',
      'licence',
      'text_origin',
      'text_origin_tool',
    ].map((name) => ({
      name,
      dtype: 'string',
    })),
    splits: textSplits.map(([name, split]) => ({
      name,
      num_bytes: split.bytes,
      num_examples: split.documents,
    })),
    download_size: sum(textSplits.map(([, split]) => split.bytes)),
    dataset_size: sum(textSplits.map(([, split]) => split.bytes)),
  };
  return { task: 'text-generation', config, info };
}

function parallelConfig(facts: CardFacts): CardConfig | undefined {
  const parallelSplits = presentSplits(facts.parallel);
  if (parallelSplits.length === 0) return undefined;
  const config = {
    config_name: 'parallel',
    data_files: parallelSplits.map(([split]) => ({ split, path: `parallel/${split}.jsonl` })),
  };
  const info = {
    config_name: 'parallel',
    features: [
      ...['id', 'source_lang', 'target_lang', 'source', 'target', 'item_id'].map((name) => ({
        name,
        dtype: 'string',
      })),
      { name: 'offset', dtype: 'float64' },
      { name: 'duration', dtype: 'float64' },
      { name: 'text_origin', dtype: 'string' },
      { name: 'text_origin_tool', dtype: 'string' },
    ],
    splits: parallelSplits.map(([name, split]) => ({
      name,
      num_bytes: split.bytes,
      num_examples: split.pairs,
    })),
    download_size: sum(parallelSplits.map(([, split]) => split.bytes)),
    dataset_size: sum(parallelSplits.map(([, split]) => split.bytes)),
  };
  return { task: 'translation', config, info };
}

function ocrConfig(facts: CardFacts): CardConfig | undefined {
  const ocrSplits = presentSplits(facts.ocr.splits);
  if (ocrSplits.length === 0) return undefined;
  const config = {
    config_name: 'ocr-lines',
    data_files: ocrSplits.map(([split]) => ({ split, path: `ocr/${split}/**` })),
  };
  return { task: 'image-to-text', config };
}

function featureYaml(name: string, feature: Record<string, unknown>): Record<string, unknown> {
  if (feature._type === 'Audio')
    return { name, dtype: { audio: { sampling_rate: feature.sampling_rate } } };
  if (feature._type === 'Sequence') return { name, sequence: 'string' };
  return { name, dtype: feature.dtype };
}

/** Hugging Face takes lower-case SPDX ids; several licences are listed. */
function licenceYaml(licences: readonly string[]): string | string[] {
  const ids = [...new Set(licences.map((licence) => licence.toLowerCase()))].sort();
  if (ids.length === 0) return 'other';
  return ids.length === 1 ? (ids[0] as string) : ids;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
