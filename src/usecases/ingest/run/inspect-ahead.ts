import type { Settings } from '../../../infra/config/settings-schema.js';
import { type InspectedFile, inspectFile } from '../inspect/inspect-file.js';
import type { PlannedItem } from '../plan/ingest-plan.js';

/** Items inspected at once: hashing is I/O, probing is a child process. */
const INSPECTING_AT_ONCE = 4;
/**
 * How far inspection may run ahead of the items taken for writing. What waits is small
 * (digests, technical metadata): the bytes are read again as they are stored.
 */
const AHEAD = 16;

/** The inspections of a plan's items, in the plan's order, running ahead of their writers. */
export interface ItemInspections {
  /** The inspected files of the plan's item at `index`; taking it lets inspection go further. */
  take(index: number): Promise<InspectedFile[]>;
  /** Starts no more inspections but those of items taken; those running finish. */
  stop(): void;
}

/**
 * Starts inspecting (recognising, hashing, probing) `items` in order, four at once.
 * Inspection needs neither the catalog nor the queues: `heritage ingest` starts it
 * before they are up, and an ingest's writers find the next items already inspected.
 */
export function inspectAhead(
  items: readonly PlannedItem[],
  settings: Settings,
  onBytes?: (bytes: number) => void,
): ItemInspections {
  const inspections: Promise<InspectedFile[]>[] = [];
  let taken = 0;
  let running = 0;
  let stopped = false;

  const start = (planned: PlannedItem) => {
    running += 1;
    const inspection = inspectItem(planned, settings, onBytes).finally(() => {
      running -= 1;
      startMore();
    });
    // Its taker hears of a failure; one never taken (a stopped ingest) is dropped.
    inspection.catch(() => {});
    inspections.push(inspection);
  };
  const startMore = () => {
    while (
      !stopped &&
      inspections.length < items.length &&
      inspections.length < taken + AHEAD &&
      running < INSPECTING_AT_ONCE
    ) {
      start(items[inspections.length] as PlannedItem);
    }
  };
  startMore();

  return {
    take(index) {
      taken = Math.max(taken, index + 1);
      while (inspections.length <= index) start(items[inspections.length] as PlannedItem);
      startMore();
      return inspections[index] as Promise<InspectedFile[]>;
    },
    stop() {
      stopped = true;
    },
  };
}

async function inspectItem(
  planned: PlannedItem,
  settings: Settings,
  onBytes?: (bytes: number) => void,
): Promise<InspectedFile[]> {
  const inspected: InspectedFile[] = [];
  for (const file of planned.files) inspected.push(await inspectFile(file, settings, onBytes));
  return inspected;
}
