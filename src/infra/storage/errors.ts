import { InvalidKeyError } from './object-key.js';
import { IntegrityError, ObjectNotFoundError } from './object-store.js';

/** An I/O failure of a store, naming the operation, the store and the key. */
export class StorageError extends Error {
  constructor(
    readonly operation: string,
    readonly location: string,
    readonly key: string,
    cause: unknown,
  ) {
    super(`${operation} "${key}" in ${location} failed: ${describe(cause)}`, { cause });
    this.name = 'StorageError';
  }
}

/** A key whose path would leave the store's root (a symbolic link) or clash with another key. */
export class UnsafePathError extends Error {
  constructor(
    readonly location: string,
    readonly key: string,
    detail: string,
  ) {
    super(`refusing "${key}" in ${location}: ${detail}`);
    this.name = 'UnsafePathError';
  }
}

/** A byte range that does not fit the object (HTTP 416). */
export class InvalidRangeError extends Error {
  constructor(
    readonly location: string,
    readonly key: string,
    detail: string,
  ) {
    super(`invalid byte range for "${key}" in ${location}: ${detail}`);
    this.name = 'InvalidRangeError';
  }
}

/** `ObjectNotFoundError` whose message also names the store (bucket or root folder). */
export function objectNotFound(location: string, key: string): ObjectNotFoundError {
  const error = new ObjectNotFoundError(key);
  error.message = `no object at key "${key}" in ${location}`;
  return error;
}

/** `IntegrityError` whose message also names the store (bucket or root folder). */
export function integrityError(
  location: string,
  key: string,
  expected: string,
  actual: string,
): IntegrityError {
  const error = new IntegrityError(key, expected, actual);
  error.message = `sha256 mismatch for "${key}" in ${location}: expected ${expected}, got ${actual}`;
  return error;
}

/** Errors the stores raise themselves pass through untouched; others get wrapped. */
export function isStoreError(error: unknown): boolean {
  return (
    error instanceof IntegrityError ||
    error instanceof ObjectNotFoundError ||
    error instanceof StorageError ||
    error instanceof InvalidRangeError ||
    error instanceof InvalidKeyError ||
    error instanceof UnsafePathError
  );
}

function describe(cause: unknown): string {
  if (cause instanceof Error)
    return cause.name === 'Error' ? cause.message : `${cause.name}: ${cause.message}`;
  return String(cause);
}
