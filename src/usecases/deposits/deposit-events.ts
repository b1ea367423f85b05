import { isDeepStrictEqual } from 'node:util';
import type { DepositProgress } from './deposits.js';

/** One server-sent event: its name and its JSON data. */
export interface DepositEvent {
  event: 'state' | 'upload' | 'check' | 'item' | 'end';
  data: unknown;
}

/** States after which nothing more happens to a deposit without a new request. */
const finalStates: readonly DepositProgress['state'][] = ['done', 'failed'];

/**
 * What changed between two looks at a deposit, as events: the state, each file's
 * bytes received, a new check result, each item's status and job counts, and `end`
 * once the deposit is done or failed. The first look (no `before`) tells everything.
 */
export function depositEvents(
  before: DepositProgress | undefined,
  now: DepositProgress,
): DepositEvent[] {
  const events: DepositEvent[] = [];
  if (before?.state !== now.state) events.push({ event: 'state', data: { state: now.state } });
  const filesBefore = new Map(before?.files.map((file) => [file.path, file]));
  for (const file of now.files)
    if (!isDeepStrictEqual(filesBefore.get(file.path), file))
      events.push({ event: 'upload', data: file });
  if (now.check && now.check.checkedAt !== before?.check?.checkedAt)
    events.push({ event: 'check', data: now.check });
  const itemsBefore = new Map(before?.ingest?.items.map((item) => [item.id, item]));
  for (const item of now.ingest?.items ?? [])
    if (!isDeepStrictEqual(itemsBefore.get(item.id), item))
      events.push({ event: 'item', data: item });
  if (finalStates.includes(now.state) && !finalStates.includes(before?.state ?? 'receiving'))
    events.push({
      event: 'end',
      data: {
        state: now.state,
        ...(now.ingest?.error ? { error: now.ingest.error } : {}),
        failed: now.ingest?.failed ?? [],
      },
    });
  return events;
}

/** An event as `text/event-stream` writes it. */
export function formatEvent({ event, data }: DepositEvent): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
