/**
 * Dates as archivists write them, normalised to EDTF level 1 (the Library of
 * Congress Extended Date/Time Format): `1965`, `1965-03`, `1965-03-08`, approximate
 * `1965~` (from `c. 1965`, `circa 1965`, `~1965`), uncertain `1965?`, a decade
 * `196X` (from `1960s`) and intervals `1965/1970`. Hand-written because the EDTF
 * packages on npm are unmaintained and we only need this subset.
 */
export function normaliseArchivalDate(input: string): string {
  const text = input.trim();
  if (text.includes('/')) {
    const parts = text.split('/');
    if (parts.length !== 2) throw new Error(`"${input}" is not a date or an interval start/end`);
    return parts.map((part) => normaliseArchivalDate(part)).join('/');
  }
  const approximate = /^(c\.|ca\.|circa|about|~)\s*/i;
  if (approximate.test(text)) return `${normaliseArchivalDate(text.replace(approximate, ''))}~`;
  const decade = /^(\d{3})0s$/.exec(text);
  if (decade) return `${decade[1]}X`;
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([~?%])?$/.exec(text);
  if (!match) {
    throw new Error(
      `"${input}" is not a date: write YYYY, YYYY-MM, YYYY-MM-DD, c. YYYY, YYYYs or start/end`,
    );
  }
  const [, year, month, day, qualifier = ''] = match;
  if (month && (Number(month) < 1 || Number(month) > 12))
    throw new Error(`"${input}" has no month ${month}`);
  if (month && day) {
    const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    if (Number(day) < 1 || Number(day) > daysInMonth)
      throw new Error(`"${input}" has no day ${day}`);
  }
  return `${[year, month, day].filter(Boolean).join('-')}${qualifier}`;
}
