import { itemGroup } from './assign-split.js';
import { compareText } from './compare-text.js';
import type { DatasetFiles } from './dataset-files.js';
import type { SplitName } from './export-request.js';
import { countLanguage, type LanguageCounts } from './language-counts.js';
import type { SplitPlan } from './split-plan.js';
import type { TextDocument } from './text-documents.js';
import { countOrigin, type OriginCounts } from './text-origin.js';

/** What the text part of a dataset holds, per split. */
export interface TextSplitSummary {
  documents: number;
  bytes: number;
  /** Documents and characters, by text origin. */
  origins: OriginCounts;
  /** Documents and characters, by language. */
  languages: LanguageCounts;
}

/** `text/<split>.jsonl`: the cleaned texts, one JSON object a line, in their items' splits. */
export async function writeTexts(
  files: DatasetFiles,
  corpus: readonly TextDocument[],
  plan: SplitPlan,
): Promise<Partial<Record<SplitName, TextSplitSummary>>> {
  const lines = new Map<SplitName, string[]>();
  const origins = new Map<SplitName, OriginCounts>();
  const languages = new Map<SplitName, LanguageCounts>();
  for (const document of corpus) {
    const split = plan.splitOf(itemGroup(document.source_item));
    const splitLines = lines.get(split) ?? [];
    const { id, text, language, source_item, licence, text_origin, text_origin_tool } = document;
    const row = { id, text, language, source_item, licence, text_origin, text_origin_tool };
    splitLines.push(`${JSON.stringify(row)}\n`);
    lines.set(split, splitLines);
    const counts = origins.get(split) ?? {};
    countOrigin(
      counts,
      { origin: document.text_origin, tool: document.text_origin_tool },
      document.text,
    );
    origins.set(split, counts);
    const byLanguage = languages.get(split) ?? {};
    countLanguage(byLanguage, document.language, document.text);
    languages.set(split, byLanguage);
  }
  const summary: Partial<Record<SplitName, TextSplitSummary>> = {};
  for (const [split, splitLines] of [...lines].sort(([a], [b]) => compareText(a, b))) {
    const file = await files.write(`text/${split}.jsonl`, splitLines.join(''));
    summary[split] = {
      documents: splitLines.length,
      bytes: file.size,
      origins: origins.get(split) ?? {},
      languages: languages.get(split) ?? {},
    };
  }
  return summary;
}
