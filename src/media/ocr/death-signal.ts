/**
 * A promise that rejects once `die` is called: a pool's jobs race it, so that none waits
 * forever for a worker that has died. Settling with no job racing it is not an error.
 */
export function deathSignal(): { died: Promise<never>; die: (reason: Error) => void } {
  let die!: (reason: Error) => void;
  const died = new Promise<never>((_, reject) => {
    die = reject;
  });
  died.catch(() => {});
  return { died, die };
}
