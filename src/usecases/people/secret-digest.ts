import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: a session's or an API token's secret. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The sha256 of a secret, hex, as the catalog stores it. A fast hash is right here,
 * unlike for passwords: the secret is 256 random bits, so no guess list or brute force
 * reaches it however fast each try is, and the digest lets a request find its row in
 * one indexed look-up without a slow hash on every call.
 */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
