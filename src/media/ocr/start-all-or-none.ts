/**
 * Starts `count` workers at once. If any fails to start, stops those that did and fails
 * with the first reason: a pool either has all its workers or none.
 */
export async function startAllOrNone<T>(
  count: number,
  start: () => Promise<T>,
  stop: (started: T) => Promise<unknown>,
): Promise<T[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, start));
  const running = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(running.map(stop));
    throw failure.reason;
  }
  return running;
}
