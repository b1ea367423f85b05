import { createHash, timingSafeEqual } from 'node:crypto';
import { Problem } from './problem.js';

/** Who is asking: an archivist (the API token) or anyone. */
export type Caller = 'archivist' | 'public';

const BEARER = /^Bearer (.+)$/i;

/**
 * The caller an `Authorization` header makes: none is the public; `Bearer <token>`
 * with the archive's token is an archivist; anything else is refused with 401 rather
 * than served as the public, so a client with a mistyped token learns of it.
 */
export function callerOf(authorization: string | undefined, token: string | undefined): Caller {
  if (authorization === undefined) return 'public';
  const given = BEARER.exec(authorization)?.[1];
  if (given === undefined)
    throw unauthorized('give the token as "Authorization: Bearer <token>"', 'invalid_request');
  if (token === undefined || !sameSecret(given, token))
    throw unauthorized('the token is not valid', 'invalid_token');
  return 'archivist';
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
