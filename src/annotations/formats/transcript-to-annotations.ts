import type { Anchor, Annotation, AnnotationType } from '../model/annotation-schema.js';
import { createAnnotation } from '../model/create-annotation.js';
import { guessTierType } from '../model/tier-conventions.js';
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

/**
 * Turns a TextGrid, WebVTT, SRT or plain-text transcript into annotations: one per
 * non-empty segment, anchored to its time span (plain text: to the whole item), with an
 * id derived from content and position so that importing the same file again adds
 * nothing.
 */
export function transcriptToAnnotations(
  transcript: Transcript,
  options: TranscriptImportOptions,
): Annotation[] {
  const annotations: Annotation[] = [];
  for (const tier of transcript.tiers) {
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
              index,
              ...(options.documentSha256 === undefined
                ? {}
                : { documentSha256: options.documentSha256 }),
            },
          },
          { position: `${transcript.format}:${tier.name}#${index}` },
        ),
      );
    });
  }
  return annotations;
}
