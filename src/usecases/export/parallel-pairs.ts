import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { compareText } from './compare-text.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { defaultLanguage, type SelectedItem } from './select-items.js';
import { annotationOrigin, type TextOriginKind } from './text-origin.js';
import { type TimedAnnotation, timedInOrder } from './timed-annotations.js';

/** One aligned pair: a line of `parallel/<split>.jsonl`. */
export interface ParallelPair {
  id: string;
  source_lang: string;
  target_lang: string;
  source: string;
  target: string;
  item_id: string;
  /** The transcription's span in the item's recording, in seconds. */
  offset: number;
  duration: number;
  text_origin: TextOriginKind;
  text_origin_tool: string | null;
}

/**
 * Pairs each transcription of an item with the translations of the same recording whose
 * spans overlap it: a translation goes to the transcription it shares most time with,
 * provided they share at least half of the shorter span. ELAN child tiers (symbolic
 * association) carry their parent's span once imported, so they pair with their parent
 * exactly; translations timed on their own pair by overlap. Translations of one language
 * that fall on one transcription are joined in time order. A translation that meets no
 * transcription, or names no language, is left out and named.
 */
export function parallelPairs(
  item: SelectedItem,
  annotations: readonly Annotation[],
  exclusions: ExclusionTally,
): ParallelPair[] {
  const itemId = item.record.item.id;
  const timed = timedInOrder(annotations);
  const transcriptions = timed.filter(
    (annotation) => annotation.type === 'transcription' && annotation.value.trim() !== '',
  );
  // Transcription id -> target language -> translations, in time order.
  const targets = new Map<string, Map<string, TimedAnnotation[]>>();
  for (const translation of timed.filter((annotation) => annotation.type === 'translation')) {
    const place = { item: itemId, part: translation.id };
    if (translation.language === undefined) {
      exclusions.add('translation', 'translation names no language', place);
      continue;
    }
    const source = bestSource(translation, transcriptions);
    if (!source) {
      exclusions.add('translation', 'no transcription shares its time span', place);
      continue;
    }
    const byLanguage = targets.get(source.id) ?? new Map<string, TimedAnnotation[]>();
    byLanguage.set(translation.language, [
      ...(byLanguage.get(translation.language) ?? []),
      translation,
    ]);
    targets.set(source.id, byLanguage);
  }
  const pairs: ParallelPair[] = [];
  for (const source of transcriptions) {
    const byLanguage = targets.get(source.id);
    if (!byLanguage) continue;
    for (const [language, lines] of [...byLanguage].sort(([a], [b]) => compareText(a, b))) {
      const origin = annotationOrigin(source, ...lines);
      pairs.push({
        id: `${itemId}-${source.id}-${language}`,
        source_lang: source.language ?? defaultLanguage(item),
        target_lang: language,
        source: source.value.normalize('NFC').trim(),
        target: lines
          .map((line) => line.value.normalize('NFC').trim())
          .join(' ')
          .trim(),
        item_id: itemId,
        offset: source.anchor.startMs / 1000,
        duration: (source.anchor.endMs - source.anchor.startMs) / 1000,
        text_origin: origin.origin,
        text_origin_tool: origin.tool,
      });
    }
  }
  return pairs;
}

/** The transcription sharing most time with the translation, if they share half the shorter span. */
function bestSource(
  translation: TimedAnnotation,
  transcriptions: readonly TimedAnnotation[],
): TimedAnnotation | undefined {
  let best: TimedAnnotation | undefined;
  let bestShared = 0;
  for (const candidate of transcriptions) {
    if (candidate.anchor.asset !== translation.anchor.asset) continue;
    const shared =
      Math.min(candidate.anchor.endMs, translation.anchor.endMs) -
      Math.max(candidate.anchor.startMs, translation.anchor.startMs);
    const shorter = Math.min(
      candidate.anchor.endMs - candidate.anchor.startMs,
      translation.anchor.endMs - translation.anchor.startMs,
    );
    if (shared > 0 && shared * 2 >= shorter && shared > bestShared) {
      best = candidate;
      bestShared = shared;
    }
  }
  return best;
}
