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
  return columnOfAlias.get(header.toLowerCase().replace(/[\s_-]+/g, ''));
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
