import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id minimum: 19 MiB, two passes, one lane. The algorithm is the library's default, argon2id. */
const ARGON2ID_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** An argon2id hash of the password (PHC string, its own random salt). */
export async function hashPassword(password: string): Promise<string> {
  const hashed = await hash(password, ARGON2ID_OPTIONS);
  if (!hashed.startsWith('$argon2id$')) throw new Error('the password hash is not argon2id');
  return hashed;
}

/** True when the password is the one hashed; argon2's own comparison takes constant time. */
export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A hash that cannot be read matches nothing.
    return false;
  }
}

let standIn: Promise<string> | undefined;

/**
 * A hash of no account's password, checked when there is no account to check, so that
 * a refusal costs the same time whether or not the account exists.
 */
export function standInHash(): Promise<string> {
  standIn ??= hashPassword(randomBytes(32).toString('base64'));
  return standIn;
}
