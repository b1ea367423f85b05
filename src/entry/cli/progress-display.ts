import cliProgress from 'cli-progress';
import type { FlowCounts } from '../../usecases/ingest/run/flow-tracker.js';

/**
 * Progress of an ingest on the terminal: bytes hashed (with ETA), items archived,
 * and processing jobs done and failed. Off a terminal (CI, pipes, `--json`) it stays
 * silent and the summary tells the outcome.
 */
export class IngestProgressDisplay {
  readonly #bars: cliProgress.MultiBar | undefined;
  readonly #hashing: cliProgress.SingleBar | undefined;
  readonly #items: cliProgress.SingleBar | undefined;
  readonly #jobs: cliProgress.SingleBar | undefined;
  #hashed = 0;

  constructor(enabled: boolean, totals: { bytes: number; items: number }) {
    if (!enabled) return;
    this.#bars = new cliProgress.MultiBar(
      {
        format: '{label} |{bar}| {percentage}% | {detail} | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    this.#hashing = this.#bars.create(Math.max(1, totals.bytes), 0, {
      label: 'files hashed',
      detail: this.#bytesDetail(0, totals.bytes),
    });
    this.#items = this.#bars.create(Math.max(1, totals.items), 0, {
      label: 'items       ',
      detail: `0/${totals.items} archived`,
    });
    this.#jobs = this.#bars.create(1, 0, { label: 'jobs        ', detail: 'waiting' });
  }

  bytesHashed(bytes: number, total: number): void {
    this.#hashed += bytes;
    this.#hashing?.update(this.#hashed, { detail: this.#bytesDetail(this.#hashed, total) });
  }

  itemArchived(done: number, total: number, failed: number): void {
    this.#items?.update(done, {
      detail: `${done}/${total} archived${failed > 0 ? `, ${failed} failed` : ''}`,
    });
  }

  jobs(counts: FlowCounts): void {
    this.#jobs?.setTotal(Math.max(1, counts.jobs));
    this.#jobs?.update(counts.done + counts.failed, {
      detail: `${counts.done}/${counts.jobs} done, ${counts.failed} failed, ${counts.itemsFinished}/${counts.items} items finalised`,
    });
  }

  stop(): void {
    this.#bars?.stop();
  }

  #bytesDetail(done: number, total: number): string {
    const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    return `${mb(done)}/${mb(total)} MB`;
  }
}
