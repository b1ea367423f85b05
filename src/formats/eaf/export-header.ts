import { TIME_UNITS, XS_DATE_TIME, XS_LONG } from './check-eaf-schema.js';
import type { EafDocument } from './eaf-model.js';

/*
 * An export keeps the document's header as it came in (AUTHOR, DATE, FORMAT, VERSION
 * and every PROPERTY are the linguist's), and says that heritage wrote it in a PROPERTY
 * of its own. The exceptions are values the EAF 3.0 schema refuses: a DATE (it must be an
 * xs:dateTime, and ELAN requires it) is set to the export time, and the value it had is
 * kept in another PROPERTY, so that nothing is lost and the export still validates; an
 * invalid optional attribute is left out. Every change is reported.
 */

/** PROPERTY naming the heritage version that wrote the export. */
export const EXPORTED_BY_PROPERTY = 'heritage:exported-by';
/** PROPERTY keeping a DATE that had to be replaced. */
export const ORIGINAL_DATE_PROPERTY = 'heritage:original-date';

/** A header value the export had to change, and why. */
export interface HeaderRepair {
  attribute: string;
  from: string;
  /** The new value; absent when the attribute was left out. */
  to?: string;
  reason: string;
}

/**
 * Marks `document` (changed in place) as written by `exportedBy` and repairs the header
 * values the schema refuses; returns the repairs made.
 */
export function markExportHeader(
  document: EafDocument,
  exportedBy: string,
  now: Date,
): HeaderRepair[] {
  setProperty(document, EXPORTED_BY_PROPERTY, exportedBy);
  return [...repairDate(document, now), ...dropInvalidHeaderAttributes(document)];
}

function repairDate(document: EafDocument, now: Date): HeaderRepair[] {
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

/**
 * Optional header attributes the schema refuses (a TIME_UNITS outside its list, a
 * TIME_ORIGIN that is not a whole number, empty ones included) are left out: ELAN reads
 * their absence as the default (milliseconds, origin 0).
 */
function dropInvalidHeaderAttributes(document: EafDocument): HeaderRepair[] {
  const repairs: HeaderRepair[] = [];
  const { header } = document;
  if (
    header.timeUnits !== undefined &&
    !(TIME_UNITS as readonly string[]).includes(header.timeUnits)
  ) {
    repairs.push({
      attribute: 'HEADER TIME_UNITS',
      from: header.timeUnits,
      reason: `the EAF 3.0 schema allows only ${TIME_UNITS.join(', ')} (absent means milliseconds)`,
    });
    delete header.timeUnits;
  }
  const descriptors = [
    ...header.mediaDescriptors.map((descriptor) => ['MEDIA_DESCRIPTOR', descriptor] as const),
    ...header.linkedFileDescriptors.map(
      (descriptor) => ['LINKED_FILE_DESCRIPTOR', descriptor] as const,
    ),
  ];
  for (const [element, descriptor] of descriptors) {
    if (descriptor.timeOrigin === undefined || XS_LONG.test(descriptor.timeOrigin)) continue;
    repairs.push({
      attribute: `${element} TIME_ORIGIN`,
      from: descriptor.timeOrigin,
      reason:
        'left out: the EAF 3.0 schema requires a whole number of milliseconds (absent means 0)',
    });
    delete descriptor.timeOrigin;
  }
  return repairs;
}

/** Sets heritage's own PROPERTY, replacing the one an earlier export wrote. */
function setProperty(document: EafDocument, name: string, value: string): void {
  const { properties } = document.header;
  const existing = properties.find((property) => property.name === name);
  if (existing) existing.value = value;
  else properties.push({ name, value });
}
