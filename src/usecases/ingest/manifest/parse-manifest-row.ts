import type { z } from 'zod';
import {
  accessProtocolSchema,
  type Consent,
  consentUseSchema,
  consentUses,
} from '../../../model/access.js';
import { normaliseArchivalDate } from '../../../model/archival-date.js';
import {
  type Contributor,
  contributorRoleSchema,
  normaliseRole,
} from '../../../model/contributor.js';
import { identifierSchema } from '../../../model/identifier.js';
import { type Item, itemSchema } from '../../../model/item.js';
import { normaliseLanguageTag } from '../../../model/language-tag.js';
import { type ManifestColumn, splitCell } from './manifest-columns.js';
import type { ManifestProblem } from './manifest-problem.js';
import { normaliseRelativePath } from './relative-path.js';

/** A manifest row with its cells keyed by manifest column (extra columns apart). */
export interface ManifestRow {
  row: number;
  cells: Partial<Record<ManifestColumn, string>>;
  /** Columns of the depositor's own, kept with the item so nothing is lost. */
  extra: Record<string, string>;
}

export interface RowDefaults {
  collection?: string;
  access?: Item['accessProtocol'];
  languages?: string[];
  licence?: string;
}

export interface ParsedRow {
  item?: Item & { extra: Record<string, string> };
  problems: Omit<ManifestProblem, 'file'>[];
}

/** Turns one row into an item, or into every problem found in it (all of them, not the first). */
export function parseManifestRow(
  { row, cells, extra }: ManifestRow,
  defaults: RowDefaults,
): ParsedRow {
  const problems: Omit<ManifestProblem, 'file'>[] = [];
  const check = <T>(column: ManifestColumn, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      problems.push({ row, column, reason: (error as Error).message });
      return undefined;
    }
  };
  const text = (column: ManifestColumn) => cells[column]?.trim() || undefined;

  const id = check('id', () => required(identifierSchema, text('id'), 'an item id'));
  const collection = check('collection', () =>
    required(
      identifierSchema,
      text('collection') ?? defaults.collection,
      'a collection (or pass --collection)',
    ),
  );
  const title = text('title') ?? id;
  const languageCells = splitCell(cells.languages);
  const languages = check('languages', () =>
    (languageCells.length > 0 ? languageCells : (defaults.languages ?? [])).map(
      normaliseLanguageTag,
    ),
  );
  const dateText = text('date');
  const date =
    dateText === undefined ? undefined : check('date', () => normaliseArchivalDate(dateText));
  const contributors = check('contributors', () =>
    splitCell(cells.contributors).map(parseContributor),
  );
  const accessText = text('access');
  const accessProtocol = check('access', () => {
    const value = accessText ?? defaults.access;
    if (value === undefined)
      throw new Error('needs an access protocol: open, community, restricted or secret-sacred');
    const parsed = accessProtocolSchema.safeParse(value.toLowerCase().replace(/[\s_/]+/g, '-'));
    if (!parsed.success)
      throw new Error(`"${value}" is not one of open, community, restricted, secret-sacred`);
    return parsed.data;
  });
  const consentUses = check('consent', () => parseConsentUses(cells.consent));
  const withdrawn = check('consentWithdrawn', () => parseYesNo(text('consentWithdrawn')));
  const consentDateText = text('consentDate');
  const consentDate =
    consentDateText === undefined
      ? undefined
      : check('consentDate', () => normaliseArchivalDate(consentDateText));
  const files = check('files', () => splitCell(cells.files).map(readPath));

  if (problems.length > 0) return { problems };
  const consent: Consent = {
    consentedBy: text('consentBy'),
    uses: consentUses ?? ['archive'],
    date: consentDate,
    withdrawn: withdrawn ?? false,
  };
  const item = itemSchema.parse({
    id,
    collection,
    title,
    date,
    place: text('place'),
    genre: text('genre'),
    languages,
    contributors,
    accessProtocol,
    tkLabels: splitCell(cells.tkLabels),
    consent,
    licence: text('licence') ?? defaults.licence,
    description: text('description'),
    files,
  });
  return { item: { ...item, extra }, problems };
}

function required<T>(schema: z.ZodType<T>, value: string | undefined, what: string): T {
  if (value === undefined) throw new Error(`needs ${what}`);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`"${value}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** `Lò Văn A:singer` -> { name, role }; the role is an OLAC role. */
function parseContributor(written: string): Contributor {
  const separator = written.lastIndexOf(':');
  if (separator <= 0)
    throw new Error(`"${written}" should be name:role, e.g. "Hoàng Thị B:singer"`);
  const name = written.slice(0, separator).trim().normalize('NFC');
  const role = contributorRoleSchema.safeParse(normaliseRole(written.slice(separator + 1)));
  if (!role.success)
    throw new Error(
      `"${written.slice(separator + 1).trim()}" is not an OLAC role (e.g. singer, performer, ritual_master, recorder, transcriber, translator)`,
    );
  return { name, role: role.data };
}

function parseConsentUses(cell: string | undefined): Consent['uses'] | undefined {
  const uses = splitCell(cell);
  if (uses.length === 0) return undefined;
  return uses.map((use) => {
    const parsed = consentUseSchema.safeParse(use.toLowerCase().replace(/[\s_]+/g, '-'));
    if (!parsed.success) {
      throw new Error(`"${use}" is not a consent use (${consentUses.join(', ')})`);
    }
    return parsed.data;
  });
}

function parseYesNo(cell: string | undefined): boolean | undefined {
  if (cell === undefined) return undefined;
  const value = cell.toLowerCase();
  if (['yes', 'y', 'true', '1', 'withdrawn'].includes(value)) return true;
  if (['no', 'n', 'false', '0', ''].includes(value)) return false;
  throw new Error(`"${cell}" should be yes or no`);
}

function readPath(written: string): string {
  try {
    return normaliseRelativePath(written);
  } catch (error) {
    throw new Error(
      `file path ${JSON.stringify(written)} ${(error as Error).message.replace(/^"[^"]*" /, '')}`,
    );
  }
}
