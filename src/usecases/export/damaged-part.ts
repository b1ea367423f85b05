import { z } from 'zod';
import { AnnotationsDocumentError } from '../../archive/annotations-document.js';
import { OcflError } from '../../infra/ocfl/errors.js';
import { UnsafePathError } from '../../infra/storage/errors.js';
import { IntegrityError, ObjectNotFoundError } from '../../infra/storage/object-store.js';
import { WavFormatError } from './wav-clip.js';

/** A part of the archive an export could not read; named in the report, never in the card. */
export interface DamagedPart {
  itemId: string;
  /** The logical path in the item's object. */
  path: string;
  problem: string;
}

/** The reason damaged parts are counted under in the card. */
export const DAMAGED_REASON = 'could not be read from the archive (see the export report)';

/**
 * True for an error that says the stored part itself is wrong: a digest mismatch, a
 * missing file, a broken inventory, a record or document that does not parse, a file
 * that is not the WAV it should be. Any other error (a network or permission failure)
 * may pass, so it fails the export, whose job is then retried.
 */
export function isDamage(error: unknown): boolean {
  return [
    IntegrityError,
    ObjectNotFoundError,
    UnsafePathError,
    OcflError,
    AnnotationsDocumentError,
    WavFormatError,
    z.ZodError,
    SyntaxError,
  ].some((kind) => error instanceof kind);
}

/** The part as damaged when the error says so; any other error is thrown again. */
export function damagedPart(itemId: string, path: string, error: unknown): DamagedPart {
  if (!isDamage(error)) throw error;
  return { itemId, path, problem: error instanceof Error ? error.message : String(error) };
}
