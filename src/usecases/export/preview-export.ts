import type { Archive } from '../../archive/archive.js';
import { correctedOcrPagesOf } from '../../infra/catalog/ocr-queries.js';
import type { Person } from '../../model/person.js';
import { type ExclusionCount, ExclusionTally } from './exclusion-tally.js';
import { allowsOrigin, type ExportRequest } from './export-request.js';
import { planExport } from './plan-export.js';
import { selectReadableItems } from './select-readable-items.js';

/** Rows, seconds of audio and characters of text one config of the dataset would hold. */
export interface ConfigPreview {
  rows: number;
  seconds: number;
  characters: number;
}

/** What an export would hold and leave out, worked out by its own planning, nothing written. */
export interface ExportPreview {
  /** Items that would give the dataset at least one row. */
  items: number;
  configs: {
    speech: ConfigPreview;
    text: ConfigPreview;
    parallel: ConfigPreview;
    /**
     * Line pairs of corrected OCR pages. Whether a page's lines match its layout and
     * image is only known as the lines are cut, so this is the most it can hold.
     */
    'ocr-lines': ConfigPreview & { pages: number };
  };
  /** What is left out, by unit and reason, as far as `who` may know of it. */
  exclusions: ExclusionCount[];
}

/**
 * Runs an export's selection and planning (filters, access policy, consent, licence,
 * quality, text origins) as `who` would be shown it: items `who` may not view are left
 * out unseen, neither counted nor named (see `SelectionOptions`), and secret/sacred
 * items never appear. Reads the archive; writes nothing.
 */
export async function previewExport(
  archive: Archive,
  who: Person,
  request: ExportRequest,
): Promise<ExportPreview> {
  const exclusions = new ExclusionTally();
  const readable = await selectReadableItems(archive, request, exclusions, () => {}, {
    audience: who,
  });
  // Untranscribed speech is found by reading every recording through ffmpeg: the work of
  // the export itself, too long for a preview, which counts the other configs only.
  const previewed = {
    ...request,
    configs: request.configs.filter((config) => config !== 'unlabelled'),
  };
  const plan = await planExport(archive, readable, previewed, exclusions, () => {});

  const speech = emptyConfig();
  for (const utterance of plan.utterances) {
    speech.rows += 1;
    speech.seconds += (utterance.endFrame - utterance.startFrame) / utterance.track.sampleRate;
    speech.characters += characters(utterance.text);
  }
  const text = emptyConfig();
  for (const document of plan.corpus) {
    text.rows += 1;
    text.characters += characters(document.text);
  }
  const parallel = emptyConfig();
  for (const pair of plan.pairs) {
    parallel.rows += 1;
    parallel.seconds += pair.duration;
    parallel.characters += characters(pair.source) + characters(pair.target);
  }
  const ocrLines = { ...emptyConfig(), pages: 0 };
  const ocrItems = new Set<string>();
  if (allowsOrigin(request, 'ocr-corrected'))
    for (const page of await correctedOcrPagesOf(
      archive.catalog,
      plan.items.map((item) => item.record.item.id),
    )) {
      const lines = page.correctedText
        .normalize('NFC')
        .split(/\r\n?|\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      if (lines.length === 0) continue;
      ocrLines.pages += 1;
      ocrLines.rows += lines.length;
      ocrLines.characters += lines.reduce((total, line) => total + characters(line), 0);
      ocrItems.add(page.itemId);
    }

  const withRows = new Set([
    ...plan.utterances.map((utterance) => utterance.item.record.item.id),
    ...plan.corpus.map((document) => document.source_item),
    ...plan.pairs.map((pair) => pair.item_id),
    ...ocrItems,
  ]);
  for (const item of plan.items)
    if (!withRows.has(item.record.item.id))
      exclusions.add('item', 'nothing usable left after the checks on its parts');
  return {
    items: withRows.size,
    configs: { speech, text, parallel, 'ocr-lines': ocrLines },
    exclusions: exclusions.entries(),
  };
}

function emptyConfig(): ConfigPreview {
  return { rows: 0, seconds: 0, characters: 0 };
}

/** Characters as people count them: code points of the NFC text. */
function characters(text: string): number {
  return [...text.normalize('NFC')].length;
}
