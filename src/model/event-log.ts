import { randomUUID } from 'node:crypto';
import { type ArchiveEvent, eventSchema } from './event.js';

/** A new PREMIS-style event, validated, stamped now. */
export function newEvent(
  fields: Omit<ArchiveEvent, 'id' | 'occurredAt'> & { occurredAt?: string },
): ArchiveEvent {
  return eventSchema.parse({ id: randomUUID(), occurredAt: new Date().toISOString(), ...fields });
}

/** `metadata/events.jsonl`: one event per line, oldest first; later versions only append. */
export function appendEvents(existing: string, events: ArchiveEvent[]): string {
  return existing + events.map((event) => `${JSON.stringify(event)}\n`).join('');
}

export function parseEvents(jsonl: string): ArchiveEvent[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => eventSchema.parse(JSON.parse(line)));
}
