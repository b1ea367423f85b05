// Descriptive metadata of an item and its collection, as deposited (manifest row,
// collection.json). The stored record, with assets and processing outcomes, is `item-record.ts`.
import { z } from 'zod';
import { accessProtocolSchema, consentSchema } from './access.js';
import { contributorSchema } from './contributor.js';
import { identifierSchema } from './identifier.js';

/** A song, a performance or a session: the unit that becomes one archive object. */
export const itemSchema = z.object({
  id: identifierSchema,
  collection: identifierSchema,
  title: z.string().min(1),
  /** EDTF, see `normaliseArchivalDate`. */
  date: z.string().optional(),
  place: z.string().optional(),
  genre: z.string().optional(),
  /** BCP-47 tags built on ISO 639-3 codes, e.g. `tyz`, `tyz-Hani`, `vie`. */
  languages: z.array(z.string()).default([]),
  contributors: z.array(contributorSchema).default([]),
  accessProtocol: accessProtocolSchema,
  /** Local Contexts Traditional Knowledge and Biocultural labels, e.g. `TK Seasonal`. */
  tkLabels: z.array(z.string()).default([]),
  consent: consentSchema,
  /** An SPDX licence id (`CC-BY-NC-4.0`) or a licence URL. */
  licence: z.string().optional(),
  description: z.string().optional(),
  /** Paths relative to the ingested folder. */
  files: z.array(z.string()).default([]),
});
export type Item = z.infer<typeof itemSchema>;

export const collectionSchema = z.object({
  id: identifierSchema,
  title: z.string().min(1),
  community: z.string().optional(),
  languages: z.array(z.string()).default([]),
  licence: z.string().optional(),
  defaultAccess: accessProtocolSchema.default('community'),
  depositor: z.string().optional(),
});
export type Collection = z.infer<typeof collectionSchema>;
