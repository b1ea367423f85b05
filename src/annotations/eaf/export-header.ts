import type { EafDocument } from './eaf-model.js';

/*
 * An export keeps the document's header as it came in (AUTHOR, DATE, FORMAT, VERSION
 * and every PROPERTY are the linguist's), and says that heritage wrote it in a PROPERTY
 * of its own. The one exception is a DATE the EAF 3.0 schema refuses (it must be an
 * xs:dateTime, and ELAN requires it): it is set to the export time, and the value it had
 * is kept in another PROPERTY, so that nothing is lost and the export still validates.
 */

/** PROPERTY naming the heritage version that wrote the export. */
export const EXPORTED_BY_PROPERTY = 'heritage:exported-by';
/** PROPERTY keeping a DATE that had to be replaced. */
export const ORIGINAL_DATE_PROPERTY = 'heritage:original-date';

/** A header value the export had to change, and why. */
export interface HeaderRepair {
  attribute: string;
  from: string;
  to: string;
  reason: string;
}

/** xs:dateTime as the schema reads it: date, time, optional fraction and time zone. */
const XS_DATE_TIME =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;

/**
 * Marks `document` (changed in place) as written by `exportedBy` and repairs a DATE the
 * schema refuses; returns the repairs made.
 */
export function markExportHeader(
  document: EafDocument,
  exportedBy: string,
  now: Date,
): HeaderRepair[] {
  setProperty(document, EXPORTED_BY_PROPERTY, exportedBy);
  const { date } = document.attributes;
  if (XS_DATE_TIME.test(date)) return [];
  const repaired = now.toISOString();
  setProperty(document, ORIGINAL_DATE_PROPERTY, date);
  document.attributes.date = repaired;
  return [
    {
      attribute: 'DATE',
      from: date,
      to: repaired,
      reason: `the EAF 3.0 schema requires a date and time; the value it had is kept in the PROPERTY ${ORIGINAL_DATE_PROPERTY}`,
    },
  ];
}

/** Sets heritage's own PROPERTY, replacing the one an earlier export wrote. */
function setProperty(document: EafDocument, name: string, value: string): void {
  const { properties } = document.header;
  const existing = properties.find((property) => property.name === name);
  if (existing) existing.value = value;
  else properties.push({ name, value });
}
