import { z } from 'zod';
import type { ItemFile } from '../../infra/catalog/item-file-queries.js';
import { logicalPathProblem } from '../../infra/ocfl/index.js';
import { type AccessFacts, decideAccess } from '../../model/access-policy.js';
import type { Person } from '../../model/person.js';
import { API_PREFIX } from './openapi.js';

/**
 * Which files of an item a caller may fetch. Derived files (access copies, waveform
 * peaks, OCR text and layout) go to everyone who may view the item. Originals, and the
 * lossless training copies made from them, go only to those the access policy lets
 * `curate` the item (admins and the archivists of its collection): the files a copy of
 * the archive is made from, not what listening or reading needs.
 */
export function mayFetch(who: Person, facts: AccessFacts, file: ItemFile): boolean {
  return isViewingCopy(file) || decideAccess(who, facts, 'curate').allowed;
}

export function isViewingCopy(file: Pick<ItemFile, 'role' | 'technical'>): boolean {
  return file.role === 'derivative' && file.technical.use !== 'training';
}

/** Where a file of an item is fetched: its logical path as one URL segment. */
export const fileUrl = (itemId: string, logicalPath: string): string =>
  `${API_PREFIX}/items/${itemId}/files/${encodeURIComponent(logicalPath)}`;

/** A logical path given in a request; `..`, empty segments and the like are refused by name. */
export const logicalPathParameter = z
  .string({ error: 'give a file path of the item, e.g. derivatives/audio/song.a0.access.webm' })
  .superRefine((value, context) => {
    const problem = logicalPathProblem(value);
    if (problem !== undefined)
      context.addIssue({ code: 'custom', message: `not a file path of an item: ${problem}` });
  });

export const itemFileSchema = z
  .object({
    path: z.string(),
    role: z.string(),
    /** `access`, `peaks`, `training` for audio; `txt`, `hocr`, `alto` for OCR; `original`. */
    use: z.string(),
    mediaType: z.string().nullable(),
    size: z.number(),
    sha256: z.string(),
    derivedFrom: z.string().optional(),
    track: z.number().optional(),
    page: z.number().optional(),
    url: z.string(),
  })
  .meta({ id: 'ItemFile', description: 'a file of an item the caller may fetch' });

/** A file as the list shows it. */
export function listedFile(itemId: string, file: ItemFile): z.infer<typeof itemFileSchema> {
  const { technical } = file;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const whole = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    path: file.path,
    role: file.role,
    use:
      file.role === 'derivative'
        ? (text(technical.use) ?? text(technical.format) ?? 'derivative')
        : 'original',
    mediaType: file.mediaType,
    size: file.size,
    sha256: file.sha256,
    derivedFrom: text(technical.derivedFrom),
    track: whole(technical.audioIndex),
    page: whole(technical.page),
    url: fileUrl(itemId, file.path),
  };
}

/** The answer of a file route in OpenAPI: the bytes, typed by the file's `Content-Type`. */
export const fileBytesSchema = z
  .string()
  .meta({ description: "the file's bytes (all, or the range asked for)", format: 'binary' });
