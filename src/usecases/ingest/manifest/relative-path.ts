import path from 'node:path';

/**
 * Checks a path written in a manifest: it must stay inside the ingested folder.
 * Returns it normalised with `/` separators, or throws the reason it is refused.
 * (Symlinks that lead outside are caught later, when the file is opened.)
 */
export function normaliseRelativePath(written: string): string {
  if (written.includes('\0')) throw new Error('contains a NUL byte');
  const slashed = written.trim().replaceAll('\\', '/');
  if (slashed === '') throw new Error('is empty');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    throw new Error(`"${written}" is absolute: write paths relative to the folder`);
  }
  const normalised = path.posix.normalize(slashed);
  if (normalised === '..' || normalised.startsWith('../')) {
    throw new Error(`"${written}" points outside the folder`);
  }
  if (normalised === '.') throw new Error(`"${written}" names the folder itself, not a file`);
  return normalised;
}
