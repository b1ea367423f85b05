import { parse as parseLanguageTag } from 'bcp-47';
import { z } from 'zod';

/** Kinds of annotation the archive keeps, as in the design's domain model. */
export const annotationTypes = [
  'transcription',
  'translation',
  'gloss',
  'ritual',
  'symbol',
  'note',
  'correction',
] as const;
export const annotationTypeSchema = z.enum(annotationTypes);
export type AnnotationType = z.infer<typeof annotationTypeSchema>;

/** Text that must already be in Unicode NFC (composed), so that equal words compare equal. */
export const nfcTextSchema = z.string().refine((value) => value === value.normalize('NFC'), {
  message: 'must be Unicode NFC (composed characters); normalise it first',
});

/** A well-formed BCP-47 language tag such as `tyz`, `vie` or `tyz-Hani`. */
export const languageTagSchema = z
  .string()
  .refine((tag) => Boolean(parseLanguageTag(tag).language), {
    message: 'must be a BCP-47 language tag such as tyz, vie or tyz-Latn',
  });

/**
 * Ids are XML NCNames (a letter or `_`, then letters, digits, `-`, `_`, `.`), so that an
 * annotation id can serve as an ELAN ANNOTATION_ID and a term id as a CVE_ID.
 */
export const ncNameSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]*$/,
    'must start with a letter or _ and hold only letters, digits, -, _ and .',
  );

const milliseconds = z.number().int().nonnegative();

/** A time span of a recording, in whole milliseconds; a point when start equals end. */
export const timeAnchorSchema = z
  .object({
    kind: z.literal('time'),
    asset: z.string().min(1),
    startMs: milliseconds,
    endMs: milliseconds,
  })
  .refine((anchor) => anchor.endMs >= anchor.startMs, {
    message: 'must not be before startMs',
    path: ['endMs'],
  });

/** A rectangle on a page of a scan, in pixels of the page image; pages count from 1. */
export const regionAnchorSchema = z.object({
  kind: z.literal('region'),
  asset: z.string().min(1),
  page: z.number().int().min(1),
  x: z.number().nonnegative(),
  y: z.number().nonnegative(),
  width: z.number().positive(),
  height: z.number().positive(),
});

/** The whole item (a song, a performance), when no span or region applies. */
export const itemAnchorSchema = z.object({ kind: z.literal('item') });

export const anchorSchema = z.discriminatedUnion('kind', [
  timeAnchorSchema,
  regionAnchorSchema,
  itemAnchorSchema,
]);
export type Anchor = z.infer<typeof anchorSchema>;
export type TimeAnchor = z.infer<typeof timeAnchorSchema>;
export type RegionAnchor = z.infer<typeof regionAnchorSchema>;

/** Where an imported annotation came from, so that a re-import finds it again. */
export const annotationSourceSchema = z.object({
  format: z.enum(['eaf', 'textgrid', 'webvtt', 'srt', 'text']),
  /** Tier (EAF, TextGrid) the annotation was read from. */
  tier: z.string().optional(),
  /**
   * Which of the document's tiers named `tier` (TextGrid tier names may repeat): 2 for the
   * second one, and so on; absent for the first, so that ids made before it existed stay.
   */
  tierOccurrence: z.number().int().min(2).optional(),
  /** Id of the element in the source, e.g. the ELAN ANNOTATION_ID. */
  elementId: z.string().optional(),
  /** Position in the tier, for formats without element ids. */
  index: z.number().int().nonnegative().optional(),
  /** sha256 of the source document's bytes. */
  documentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type AnnotationSource = z.infer<typeof annotationSourceSchema>;

/**
 * Who made an annotation's text when a person did not type it: a model or recogniser
 * (`machine`), named with its version (`whisper large-v3`), as AI training-data
 * disclosure asks. Absent: a person wrote it.
 */
export const annotationOriginSchema = z.object({
  kind: z.literal('machine'),
  tool: z.string().trim().min(1, 'name the tool and its version').max(200),
});
export type AnnotationOrigin = z.infer<typeof annotationOriginSchema>;

/** One annotation. An edit never changes one: it adds a new one that `supersedes` it. */
export const annotationSchema = z.object({
  id: ncNameSchema,
  anchor: anchorSchema,
  type: annotationTypeSchema,
  value: nfcTextSchema,
  /** Language of the value (a translation's target language, say). */
  language: languageTagSchema.optional(),
  /** Ids of terms from the collection's controlled vocabulary. */
  terms: z.array(ncNameSchema).default([]),
  author: z.string().min(1),
  created: z.iso.datetime({ offset: true }),
  /** Id of the annotation this one replaces; that one stays in the history. */
  supersedes: ncNameSchema.optional(),
  source: annotationSourceSchema.optional(),
  /** Absent when a person wrote the text. */
  origin: annotationOriginSchema.optional(),
  /**
   * A retirement: this version removes the one it supersedes from what readers see,
   * keeping its content (copied here) in the history. A later version that supersedes
   * a retirement restores the annotation.
   */
  retired: z.literal(true).optional(),
});
export type Annotation = z.infer<typeof annotationSchema>;
