/**
 * Object keys are `/`-separated relative paths that mean the same thing on a
 * filesystem and in S3. Everything that could escape a root, alias another key or
 * be read differently by another tool is refused here, once, for both adapters.
 */

/** S3 refuses keys longer than this many UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * First key segment the stores keep for their own bookkeeping (in-flight S3
 * uploads). Refused for callers on every adapter so that keys stay portable.
 */
export const RESERVED_SEGMENT = '.heritage-uploads';

const CONTROL_CHARACTER = /\p{Cc}/u;
/** With the `u` flag, only unpaired surrogates are seen as `Cs` code points. */
const LONE_SURROGATE = /\p{Cs}/u;

export class InvalidKeyError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidKeyError';
  }
}

/** Returns the key unchanged when it is valid; throws `InvalidKeyError` naming it otherwise. */
export function validateKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidKeyError(String(key), 'a key must be a non-empty string');
  }
  checkCharacters(key);
  if (key.startsWith('/')) throw new InvalidKeyError(key, 'a key is relative: no leading "/"');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new InvalidKeyError(key, `a key is at most ${MAX_KEY_BYTES} UTF-8 bytes`);
  }
  const segments = key.split('/');
  segments.forEach((segment) => {
    checkSegment(key, segment);
  });
  if (segments[0] === RESERVED_SEGMENT) {
    throw new InvalidKeyError(key, `keys under "${RESERVED_SEGMENT}/" are reserved by the store`);
  }
  return key;
}

/**
 * Validates a `list` prefix: `''`, a folder (`items/`) or a partial name
 * (`items/00`). Every complete segment follows the key rules; the last, partial
 * one is only a string filter and may be anything without control characters.
 */
export function validateListPrefix(prefix: string): string {
  if (typeof prefix !== 'string') {
    throw new InvalidKeyError(String(prefix), 'a prefix must be a string');
  }
  if (prefix === '') return prefix;
  checkCharacters(prefix);
  if (prefix.startsWith('/')) {
    throw new InvalidKeyError(prefix, 'a prefix is relative: no leading "/"');
  }
  const segments = prefix.split('/');
  segments.slice(0, -1).forEach((segment) => {
    checkSegment(prefix, segment);
  });
  return prefix;
}

/**
 * Orders keys as S3 lists them: by their UTF-8 bytes. (JavaScript's `<` compares
 * UTF-16 code units, which disagrees for characters above U+FFFF.)
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** True for keys the store keeps for itself, which `list` never shows. */
export function isReservedKey(key: string): boolean {
  return key === RESERVED_SEGMENT || key.startsWith(`${RESERVED_SEGMENT}/`);
}

function checkCharacters(text: string): void {
  if (text.includes('\\')) throw new InvalidKeyError(text, 'backslashes are not allowed');
  if (CONTROL_CHARACTER.test(text)) {
    throw new InvalidKeyError(text, 'control characters (including NUL) are not allowed');
  }
  if (LONE_SURROGATE.test(text)) {
    // UTF-8 would turn a lone surrogate into U+FFFD, so two keys could alias.
    throw new InvalidKeyError(text, 'a key must be well-formed Unicode (no lone surrogates)');
  }
}

function checkSegment(key: string, segment: string): void {
  if (segment === '')
    throw new InvalidKeyError(key, 'empty path segments ("//" or a trailing "/")');
  if (segment === '.' || segment === '..') {
    throw new InvalidKeyError(key, `"${segment}" segments are not allowed`);
  }
}

/**
 * The folders above a key, nearest first, down to the root (`''`): `a/b/c` is in `a/b`,
 * which is in `a`, which is in the root. Each holds the name of the one below it.
 */
export function foldersAbove(key: string): string[] {
  const segments = key.split('/');
  return segments.map((_, index) => segments.slice(0, segments.length - 1 - index).join('/'));
}
