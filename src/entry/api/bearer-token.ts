import { createHash, timingSafeEqual } from 'node:crypto';
import { Problem } from './problem.js';

const BEARER = /^Bearer (.+)$/i;

/**
 * The token of an `Authorization` header, or undefined without one. Any other form of
 * the header is refused with 401 rather than served as the public, so a client with a
 * mistyped header learns of it.
 */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const given = BEARER.exec(authorization)?.[1];
  if (given === undefined)
    throw unauthorized('give the token as "Authorization: Bearer <token>"', 'invalid_request');
  return given;
}

/** True when `given` is the archive's configured token. */
export function isArchiveToken(given: string, token: string | undefined): boolean {
  return token !== undefined && sameSecret(given, token);
}

/** 401 with the RFC 6750 challenge. */
export function unauthorized(detail: string, error?: 'invalid_request' | 'invalid_token'): Problem {
  const challenge = error ? `Bearer realm="heritage", error="${error}"` : 'Bearer realm="heritage"';
  return new Problem(401, detail, {}, { 'www-authenticate': challenge });
}

/**
 * Compares digests rather than the strings: both are 32 bytes whatever was sent, so
 * neither the token's length nor its bytes show in the time or in an error.
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
