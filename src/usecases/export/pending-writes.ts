/** Writes started and not yet awaited; `drain` waits for all and rethrows the first failure. */
export class PendingWrites {
  readonly #pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.#pending.size;
  }

  add(write: Promise<unknown>): void {
    const tracked = write.finally(() => this.#pending.delete(tracked));
    // A failure is reported by `drain`; until then it must not count as unhandled.
    tracked.catch(() => undefined);
    this.#pending.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
