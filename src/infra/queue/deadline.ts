import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits for `promise` at most `ms` milliseconds: true if it settled (either way) in
 * time, false if the time ran out first. The promise itself is left running.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timeout = new AbortController();
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, sleep(ms, false, { signal: timeout.signal })]);
  } finally {
    timeout.abort();
  }
}
