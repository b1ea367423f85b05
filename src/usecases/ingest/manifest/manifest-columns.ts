import { distance as levenshtein } from 'fastest-levenshtein';

/**
 * The manifest's columns and the other names archivists give them. Matching ignores
 * case, spaces, `_` and `-`, so `Access Protocol`, `access_protocol` and `access` are
 * one column.
 */
export const manifestColumns = {
  id: ['id', 'item', 'itemid', 'identifier'],
  title: ['title', 'name'],
  collection: ['collection', 'collectionid'],
  languages: ['languages', 'language', 'lang'],
  date: ['date', 'recorded', 'datecreated'],
  place: ['place', 'location'],
  genre: ['genre'],
  contributors: ['contributors', 'contributor'],
  access: ['access', 'accessprotocol', 'protocol'],
  tkLabels: ['tklabels', 'labels', 'tk', 'localcontexts'],
  consent: ['consent', 'consentuses', 'uses'],
  consentBy: ['consentby', 'consentedby'],
  consentDate: ['consentdate'],
  consentWithdrawn: ['consentwithdrawn', 'withdrawn'],
  licence: ['licence', 'license'],
  files: ['files', 'file', 'paths'],
  description: ['description', 'notes', 'note'],
} as const;
export type ManifestColumn = keyof typeof manifestColumns;

const columnOfAlias = new Map<string, ManifestColumn>(
  Object.entries(manifestColumns).flatMap(([column, aliases]) =>
    aliases.map((alias) => [alias, column as ManifestColumn] as const),
  ),
);

/** The manifest column a header names, or undefined for a column of the depositor's own. */
export function columnForHeader(header: string): ManifestColumn | undefined {
  return columnOfAlias.get(foldHeader(header));
}

function foldHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_-]+/g, '');
}

/** A header that cannot be read as it stands. */
export interface HeaderProblem {
  column: string;
  reason: string;
}

/**
 * Problems with a manifest's headers: two columns that give the same field (which one
 * would win is an accident of order), and unknown columns so close to a known name
 * that they are most likely a typo (`acess` would otherwise drop a secret/sacred
 * protocol into `extra`). `keepUnknownColumns` keeps such columns as extra on purpose.
 */
export function checkHeaders(
  headers: readonly string[],
  keepUnknownColumns: boolean,
): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  const headerOfColumn = new Map<ManifestColumn, string>();
  for (const header of headers) {
    const column = columnForHeader(header);
    if (column) {
      const first = headerOfColumn.get(column);
      if (first === undefined) headerOfColumn.set(column, header);
      else
        problems.push({
          column: header,
          reason: `gives the same field as column "${first}" (${column}): keep only one of them`,
        });
    } else if (!keepUnknownColumns) {
      const likely = likelyColumn(header);
      if (likely)
        problems.push({
          column: header,
          reason: `is not a known column: did you mean "${likely}"? Rename it, or pass --keep-unknown-columns to keep it as an extra column`,
        });
    }
  }
  return problems;
}

/** How the README writes each column. */
export function columnName(column: ManifestColumn): string {
  return column.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The known column nearest a header (as the README writes it), when within a typo's distance. */
function likelyColumn(header: string): string | undefined {
  const folded = foldHeader(header);
  if (folded.length < 3) return undefined;
  // One edit for short names, two for longer ones.
  const allowed = folded.length <= 4 ? 1 : 2;
  let best: { alias: string; distance: number } | undefined;
  for (const alias of columnOfAlias.keys()) {
    // Swapped letters (`titel`) count as one edit, not Levenshtein's two.
    const distance = sameLetters(folded, alias) ? 1 : levenshtein(folded, alias);
    if (distance <= allowed && (!best || distance < best.distance)) best = { alias, distance };
  }
  return best && columnName(columnOfAlias.get(best.alias) as ManifestColumn);
}

/** Splits a multi-value cell: `tyz; vie` or `tyz, vie` (`;` wins when present). */
export function splitCell(cell: string | undefined): string[] {
  if (!cell) return [];
  const separator = cell.includes(';') ? ';' : ',';
  return cell
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}
