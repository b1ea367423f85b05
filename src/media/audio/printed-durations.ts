/**
 * Lengths of a stream of `samples` samples as ffprobe 5.1 prints them, for the readers
 * that describe a recording from its header: the record keeps ffprobe's figures.
 */

/**
 * The stream's length: samples times the time base as a double, with printf's six
 * decimals (round half to even on the double's exact value).
 */
export function streamSeconds(samples: number, sampleRate: number): number {
  const seconds = samples * (1 / sampleRate);
  const rounded = seconds.toFixed(6);
  // toFixed rounds a tie up where printf rounds it to even; ties are exact in 100 digits.
  const exact = seconds.toFixed(100);
  const dot = exact.indexOf('.');
  const isTie = /^50*$/.test(exact.slice(dot + 7));
  const lastKept = Number(exact[dot + 6]);
  return Number(isTie && lastKept % 2 === 0 ? exact.slice(0, dot + 7) : rounded);
}

/** The container's length: whole microseconds, rounded half up. */
export function containerSeconds(samples: number, sampleRate: number): number {
  const rate = BigInt(sampleRate);
  const micros = (BigInt(samples) * 1_000_000n + rate / 2n) / rate;
  return Number(micros) / 1e6;
}
