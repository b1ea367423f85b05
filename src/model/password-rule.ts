/** Shortest password an account may have. */
export const MINIMUM_PASSWORD_LENGTH = 12;

/** Why a password is refused, naming where it came from, or undefined when it is fine. */
export function passwordProblem(password: string, source: string): string | undefined {
  // Counted in code points, so that a Vietnamese passphrase is not judged by its UTF-16 units.
  const length = [...password].length;
  if (length < MINIMUM_PASSWORD_LENGTH) {
    return `${source}: a password needs at least ${MINIMUM_PASSWORD_LENGTH} characters (got ${length})`;
  }
  return undefined;
}
