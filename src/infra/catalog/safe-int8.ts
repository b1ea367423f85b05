/** PostgreSQL's type oid for `bigint` (int8), the type of `count(*)`, `bigserial` and sizes. */
export const INT8_OID = 20;

/**
 * Parses a `bigint` column as a JavaScript number, so that counts and sizes are
 * numbers on both drivers (`pg` gives strings, PGlite gives number or bigint by size).
 * A value past 2^53 cannot be a number without losing digits, so it is refused.
 */
export function parseSafeInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `bigint value ${text} is beyond JavaScript's safe integer range; select it as text (::text)`,
    );
  }
  return value;
}
