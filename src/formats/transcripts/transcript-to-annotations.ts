import type {
  Anchor,
  Annotation,
  AnnotationType,
} from '../../model/annotations/annotation-schema.js';
import { createAnnotation } from '../../model/annotations/create-annotation.js';
import { guessTierType } from '../../model/annotations/tier-conventions.js';
import type { Transcript } from './transcript-model.js';

/** Facts a transcript file does not carry. */
export interface TranscriptImportOptions {
  /** Id of the recording the times refer to (ignored for plain text, which has no times). */
  asset: string;
  /** Who made the transcript. */
  author: string;
  created?: string;
  language?: string;
  documentSha256?: string;
  /** Type per tier name, overriding the guess from the name; `null` skips the tier. */
  tierTypes?: Readonly<Record<string, AnnotationType | null>>;
  /** Type of tiers whose names say nothing (default `transcription`). */
  defaultType?: AnnotationType;
}

/** Annotations read from a transcript, and the segments left out and why (blank ones are not). */
export interface TranscriptImportResult {
  annotations: Annotation[];
  skippedAnnotations: { tier: string; tierOccurrence?: number; index: number; reason: string }[];
}

/**
 * Where a segment sits in its document. The first tier of a name keeps the form ids were
 * first derived from (`textgrid:words#3`), so that archives re-importing a document find
 * their annotations; a later tier of the same name (TextGrid allows it) adds its
 * occurrence in a form no tier name can produce, so its segments never stand for the
 * first tier's.
 */
function transcriptPosition(
  format: Transcript['format'],
  tier: string,
  occurrence: number,
  index: number,
): string {
  return occurrence === 1
    ? `${format}:${tier}#${index}`
    : JSON.stringify([format, tier, occurrence, index]);
}

/**
 * Turns a TextGrid, WebVTT, SRT or plain-text transcript into annotations: one per
 * non-empty segment, anchored to its time span (plain text: to the whole item), with an
 * id derived from content and position so that importing the same file again adds
 * nothing. Tiers that share a name stay apart (see transcriptPosition).
 */
export function transcriptToAnnotations(
  transcript: Transcript,
  options: TranscriptImportOptions,
): TranscriptImportResult {
  const annotations: Annotation[] = [];
  const skippedAnnotations: TranscriptImportResult['skippedAnnotations'] = [];
  const seen = new Map<string, number>();
  for (const tier of transcript.tiers) {
    const occurrence = (seen.get(tier.name) ?? 0) + 1;
    seen.set(tier.name, occurrence);
    const override = options.tierTypes?.[tier.name];
    if (override === null) continue;
    const type = override ?? guessTierType(tier.name) ?? options.defaultType ?? 'transcription';
    const entries: { text: string; anchor: Anchor }[] =
      tier.kind === 'untimed'
        ? tier.segments.map(({ text }) => ({ text, anchor: { kind: 'item' } }))
        : tier.segments.map(({ text, startMs, endMs }) => ({
            text,
            anchor: { kind: 'time', asset: options.asset, startMs, endMs },
          }));
    entries.forEach(({ text, anchor }, index) => {
      if (text.trim() === '') return;
      if (anchor.kind === 'time' && anchor.endMs < anchor.startMs) {
        skippedAnnotations.push({
          tier: tier.name,
          ...(occurrence > 1 ? { tierOccurrence: occurrence } : {}),
          index,
          reason: 'its time span ends before it starts',
        });
        return;
      }
      annotations.push(
        createAnnotation(
          {
            anchor,
            type,
            value: text,
            author: options.author,
            created: options.created,
            language: options.language,
            source: {
              format: transcript.format,
              tier: tier.name,
              ...(occurrence > 1 ? { tierOccurrence: occurrence } : {}),
              index,
              ...(options.documentSha256 === undefined
                ? {}
                : { documentSha256: options.documentSha256 }),
            },
          },
          { position: transcriptPosition(transcript.format, tier.name, occurrence, index) },
        ),
      );
    });
  }
  return { annotations, skippedAnnotations };
}
