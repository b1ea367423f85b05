import type { AnnotationType } from './annotation-schema.js';

/**
 * Words that tier names and ELAN linguistic types commonly use for each kind of tier
 * (abbreviations as in the Leipzig and Toolbox/FLEx conventions: ft, ge, mb, tx...).
 * Checked in this order, so that "text translation" counts as a translation.
 */
const TIER_WORDS: readonly (readonly [AnnotationType, readonly string[]])[] = [
  ['translation', ['translation', 'translations', 'transl', 'ft', 'fte', 'tl', 'tr', 'free']],
  [
    'gloss',
    ['gloss', 'glosses', 'gl', 'ge', 'pos', 'morph', 'morphs', 'morpheme', 'morphemes', 'mb', 'ps'],
  ],
  ['note', ['note', 'notes', 'comment', 'comments', 'nt']],
  [
    'transcription',
    [
      'transcription',
      'transcript',
      'orthography',
      'ortho',
      'tx',
      'text',
      'utterance',
      'utterances',
      'words',
      'word',
      'ipa',
      'phonetic',
      'lyrics',
      'then',
      'luon',
      'cues',
      'subtitles',
    ],
  ],
];

/**
 * Guesses what a tier holds from its names (tier id, linguistic type id...): matches
 * whole words, case- and accent-insensitively (`Lượn` matches `luon`); undefined when
 * nothing matches.
 */
export function guessTierType(...names: readonly string[]): AnnotationType | undefined {
  const words = new Set(
    names.flatMap((name) =>
      name
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  );
  for (const [type, typeWords] of TIER_WORDS) {
    if (typeWords.some((word) => words.has(word))) return type;
  }
  return undefined;
}
