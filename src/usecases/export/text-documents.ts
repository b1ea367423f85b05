import type { Database } from '../../infra/catalog/database.js';
import { ocrPagesOf } from '../../infra/catalog/ocr-queries.js';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { compareText } from './compare-text.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { ocrPageLanguage } from './ocr-step-facts.js';
import { defaultLanguage, type SelectedItem } from './select-items.js';
import { annotationOrigin, ocrPageOrigin, type TextOriginKind } from './text-origin.js';

/** One document of the text corpus: a line of `text/<split>.jsonl`. */
export interface TextDocument {
  id: string;
  text: string;
  language: string;
  source_item: string;
  licence: string;
  text_origin: TextOriginKind;
  /** The software that read or made the text; null for human text. */
  text_origin_tool: string | null;
}

/** The transcript of each recording of an item: its transcription lines in time order. */
export function transcriptDocuments(
  item: SelectedItem,
  annotations: readonly Annotation[],
): TextDocument[] {
  const { record, licence } = item;
  const byAsset = new Map<string, Annotation[]>();
  for (const annotation of annotations) {
    if (annotation.type !== 'transcription' || annotation.anchor.kind !== 'time') continue;
    const list = byAsset.get(annotation.anchor.asset) ?? [];
    list.push(annotation);
    byAsset.set(annotation.anchor.asset, list);
  }
  return [...byAsset]
    .sort(([a], [b]) => compareText(a, b))
    .map(([asset, lines]) => {
      const ordered = lines.sort((a, b) => startOf(a) - startOf(b) || compareText(a.id, b.id));
      const languages = new Set(ordered.map((line) => line.language));
      const [only] = languages;
      const origin = annotationOrigin(...ordered);
      return {
        id: `${record.item.id}/transcript/${asset}`,
        text: ordered.map((line) => line.value).join('\n'),
        language: (languages.size === 1 ? only : undefined) ?? defaultLanguage(item),
        source_item: record.item.id,
        licence,
        text_origin: origin.origin,
        text_origin_tool: origin.tool,
      };
    });
}

/**
 * The OCR text of every page of the items, a linguist's correction preferred over the
 * engine's text; uncorrected pages below the confidence floor are counted and left out.
 */
export async function ocrDocuments(
  db: Database,
  items: readonly SelectedItem[],
  minConfidence: number,
  exclusions: ExclusionTally,
): Promise<TextDocument[]> {
  if (items.length === 0) return [];
  const byId = new Map(items.map((item) => [item.record.item.id, item]));
  const rows = await ocrPagesOf(db, [...byId.keys()]);
  const documents: TextDocument[] = [];
  for (const row of rows) {
    const item = byId.get(row.itemId) as SelectedItem;
    if (row.correctedText === null && (row.meanConfidence ?? 0) < minConfidence) {
      exclusions.add('ocr-page', `uncorrected and below ${minConfidence}% OCR confidence`, {
        item: row.itemId,
        part: `${row.asset}/p${row.page}`,
      });
      continue;
    }
    const origin = ocrPageOrigin(item.record, row.asset, row.correctedText !== null);
    documents.push({
      id: `${row.itemId}/ocr/${row.asset}/p${row.page}`,
      text: row.correctedText ?? row.text,
      language: ocrPageLanguage(item.record, row.asset, defaultLanguage(item)),
      source_item: row.itemId,
      licence: item.licence,
      text_origin: origin.origin,
      text_origin_tool: origin.tool,
    });
  }
  return documents;
}

/**
 * Texts in Unicode NFC with line ends unified and outer space trimmed; empty texts and
 * exact duplicates of an earlier text (in id order) are counted and dropped.
 */
export function cleanTexts(
  documents: readonly TextDocument[],
  exclusions: ExclusionTally,
): TextDocument[] {
  const seen = new Set<string>();
  const kept: TextDocument[] = [];
  for (const document of [...documents].sort((a, b) => compareText(a.id, b.id))) {
    const text = document.text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
    const place = { item: document.source_item, part: document.id };
    if (text === '') exclusions.add('text', 'empty text', place);
    else if (seen.has(text)) exclusions.add('text', 'exact duplicate of another text', place);
    else {
      seen.add(text);
      kept.push({ ...document, text });
    }
  }
  return kept;
}

function startOf(annotation: Annotation): number {
  return annotation.anchor.kind === 'time' ? annotation.anchor.startMs : 0;
}
