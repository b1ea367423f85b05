import { z } from 'zod';

/**
 * Ids of collections and items. They become OCFL object ids, parts of BullMQ job
 * ids (which must not contain `:`) and folder names in exports, so they are kept to
 * a portable alphabet.
 */
export const identifierSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    'use letters, digits, ".", "_" and "-" (at most 128, starting with a letter or digit)',
  );
