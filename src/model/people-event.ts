import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { grantSchema } from './person.js';

/** Every change to the people register, one kind per act. */
export const peopleActions = [
  'user added',
  'user disabled',
  'password changed',
  'community added',
  'grant given',
  'grant removed',
] as const;
export type PeopleAction = (typeof peopleActions)[number];

/**
 * One line of the people object's `events.jsonl`: who did what to whom, when and why.
 * It never holds a password or its hash.
 */
export const peopleEventSchema = z.object({
  id: z.uuid(),
  action: z.enum(peopleActions),
  occurredAt: z.iso.datetime(),
  /** The person who made the change. */
  agent: z.string().min(1),
  /** The user or community the change is about. */
  subject: z.string(),
  reason: z.string().optional(),
  grant: grantSchema.optional(),
});
export type PeopleEvent = z.infer<typeof peopleEventSchema>;

export function newPeopleEvent(
  fields: Omit<PeopleEvent, 'id' | 'occurredAt'> & { occurredAt?: string },
): PeopleEvent {
  return peopleEventSchema.parse({
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    ...fields,
  });
}

export function appendPeopleEvents(existing: string, events: readonly PeopleEvent[]): string {
  return existing + events.map((event) => `${JSON.stringify(event)}\n`).join('');
}

export function parsePeopleEvents(jsonl: string): PeopleEvent[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => peopleEventSchema.parse(JSON.parse(line)));
}
