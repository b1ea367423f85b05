import type { Annotation } from '../api/types.js';

/*
 * Tiers as ELAN shows them: one row per kind of annotation and language (a
 * transcription, a Vietnamese translation...), each holding its annotations in time order.
 */

/** An annotation with a span of a recording; `language` and the imported `tier` when the API gives them. */
export type TimedAnnotation = Annotation & {
  anchor: Extract<Annotation['anchor'], { kind: 'time' }>;
  language?: string;
  tier?: string;
  source?: { tier?: string };
  supersedes?: string;
};

export interface TierName {
  type: string;
  language?: string | undefined;
}

export interface Tier extends TierName {
  /** `type` or `type|language`: what rows, drafts and the chosen tier are keyed by. */
  key: string;
  /** Names of the tiers of imported documents whose annotations this row holds. */
  importedFrom: string[];
  /** In time order (start, then end). */
  annotations: TimedAnnotation[];
}

/** Kinds shown first, in this order; any other kind follows, by name. */
const order = ['transcription', 'translation', 'gloss', 'ritual', 'symbol', 'note'];

export const tierKey = ({ type, language }: TierName): string =>
  language ? `${type}|${language}` : type;

export function tierNameOf(key: string): TierName {
  const [type = key, language] = key.split('|');
  return language ? { type, language } : { type };
}

/**
 * The tiers of one recording: its time-anchored annotations grouped by type and language,
 * plus the empty tiers a person added (`extra`), in the usual ELAN order.
 */
export function tiersOfRecording(
  annotations: readonly Annotation[],
  recording: string,
  extra: readonly TierName[] = [],
): Tier[] {
  const tiers = new Map<string, Tier>();
  const tierFor = (name: TierName): Tier => {
    const key = tierKey(name);
    let tier = tiers.get(key);
    if (!tier) {
      tier = { key, type: name.type, importedFrom: [], annotations: [] };
      if (name.language) tier.language = name.language;
      tiers.set(key, tier);
    }
    return tier;
  };
  for (const annotation of annotations) {
    if (annotation.anchor.kind !== 'time' || annotation.anchor.asset !== recording) continue;
    const timed = annotation as TimedAnnotation;
    const tier = tierFor({ type: timed.type, language: timed.language });
    tier.annotations.push(timed);
    const imported = timed.tier ?? timed.source?.tier;
    if (imported && !tier.importedFrom.includes(imported)) tier.importedFrom.push(imported);
  }
  for (const name of extra) tierFor(name);
  for (const tier of tiers.values())
    tier.annotations.sort(
      (a, b) => a.anchor.startMs - b.anchor.startMs || a.anchor.endMs - b.anchor.endMs,
    );
  const rank = (type: string) => (order.includes(type) ? order.indexOf(type) : order.length);
  return [...tiers.values()].sort(
    (a, b) =>
      rank(a.type) - rank(b.type) ||
      a.type.localeCompare(b.type) ||
      (a.language ?? '').localeCompare(b.language ?? ''),
  );
}

/**
 * The annotations of a tier that show between `fromMs` and `toMs`: found by binary search
 * on the start, so that an hour with thousands of annotations draws only the few in view.
 * `longest` is the tier's longest span, which bounds how early a visible one may start.
 */
export function inView(
  annotations: readonly TimedAnnotation[],
  fromMs: number,
  toMs: number,
  longest: number,
): TimedAnnotation[] {
  let low = 0;
  let high = annotations.length;
  const earliest = fromMs - longest;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((annotations[middle]?.anchor.startMs ?? 0) < earliest) low = middle + 1;
    else high = middle;
  }
  const shown: TimedAnnotation[] = [];
  for (let at = low; at < annotations.length; at += 1) {
    const annotation = annotations[at];
    if (!annotation || annotation.anchor.startMs > toMs) break;
    if (annotation.anchor.endMs >= fromMs) shown.push(annotation);
  }
  return shown;
}

/** The longest span of a tier, in milliseconds. */
export const longestSpan = (annotations: readonly TimedAnnotation[]): number =>
  annotations.reduce((most, a) => Math.max(most, a.anchor.endMs - a.anchor.startMs), 0);
