/**
 * Yields each source with what `read` gave for it, in order, with the reads of the sources after
 * it already in flight while their declared sizes add up to less than `limitBytes`
 * (always at least the next one). Reading a training copy through the store (a stream
 * checked against its digest) waits on the file system more than it works; several
 * in flight keep the disk busy while the current copy is cut and written.
 */
export async function* readAhead<S, T>(
  sources: readonly S[],
  read: (source: S) => Promise<T>,
  sizeOf: (source: S) => number,
  limitBytes: number,
): AsyncGenerator<{ source: S; value: T }> {
  const inFlight: { source: S; result: Promise<T>; size: number }[] = [];
  let bytes = 0;
  let next = 0;
  const fill = () => {
    while (next < sources.length && (inFlight.length === 0 || bytes < limitBytes)) {
      const source = sources[next] as S;
      next += 1;
      const result = read(source);
      // A read that fails before its turn is reported when its turn comes, not as unhandled.
      result.catch(() => undefined);
      const size = sizeOf(source);
      inFlight.push({ source, result, size });
      bytes += size;
    }
  };
  fill();
  while (inFlight.length > 0) {
    const { source, result, size } = inFlight.shift() as (typeof inFlight)[number];
    const value = await result;
    bytes -= size;
    fill();
    yield { source, value };
  }
}
