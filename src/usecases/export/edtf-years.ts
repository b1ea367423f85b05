/**
 * The first and last year an EDTF date (as `normaliseArchivalDate` writes them) can
 * mean: `1998~` is 1998, `196X` is 1960 to 1969, `1965/1970` is 1965 to 1970, an open
 * end (`1965/..`) stays open. Undefined for a date with no year in it.
 */
export function edtfYearRange(date: string): { from: number; to: number } | undefined {
  const [start = '', end] = date.split('/');
  const first = yearsOf(start);
  const last = end === undefined ? first : yearsOf(end);
  if (!first && !last) return undefined;
  return {
    from: first?.from ?? Number.NEGATIVE_INFINITY,
    to: last?.to ?? Number.POSITIVE_INFINITY,
  };
}

function yearsOf(part: string): { from: number; to: number } | undefined {
  const match = /^(\d{2})(\d|X)(\d|X)/.exec(part.trim());
  if (!match) return undefined;
  const [, century = '', decade = '', unit = ''] = match;
  const low = Number(`${century}${decade.replace('X', '0')}${unit.replace('X', '0')}`);
  const high = Number(`${century}${decade.replace('X', '9')}${unit.replace('X', '9')}`);
  return { from: low, to: high };
}
