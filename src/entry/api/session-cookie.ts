/**
 * The session cookie. One cookie is read and written here by hand rather than with
 * @fastify/cookie, which the project does not depend on: reading one name out of one
 * `Cookie` header and writing one `Set-Cookie` line need no more than this.
 */

export const SESSION_COOKIE = 'heritage_session';

/** The session cookie's value in a `Cookie` header, if any. */
export function sessionCookieOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    // The secrets are base64url; anything else is no session of ours.
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/** `Set-Cookie` for a session until `expiresAt`; `Secure` unless told the server is plain http. */
export function sessionCookie(secret: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000));
  return cookieLine(secret, `Max-Age=${maxAge}`, secure);
}

/** `Set-Cookie` that makes the browser forget the session. */
export function clearedSessionCookie(secure: boolean): string {
  return cookieLine('', 'Max-Age=0', secure);
}

function cookieLine(value: string, age: string, secure: boolean): string {
  const flags = [`${SESSION_COOKIE}=${value}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', age];
  if (secure) flags.push('Secure');
  return flags.join('; ');
}

/**
 * Whether cookies carry `Secure`: as set, else true except for a server bound to the
 * loopback address, where browsers reach it by plain http.
 */
export function secureCookiesFor(setting: boolean | undefined, host: string): boolean {
  if (setting !== undefined) return setting;
  return !['127.0.0.1', 'localhost', '::1'].includes(host);
}
