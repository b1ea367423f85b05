/**
 * Lets at most `limit` pieces of work run at once; the others wait their turn in
 * order. Keeps catalog-wide scans (search, listings) from taking every PostgreSQL
 * connection, so cheap requests such as `/health` and item pages stay quick.
 * Written here because it is a dozen lines and no installed package offers it.
 */
export function concurrencyGate(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < limit) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
