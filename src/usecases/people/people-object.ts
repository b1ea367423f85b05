import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { readObjectTexts } from '../../archive/object-files.js';
import { savePeopleEventRows, savePeopleRegisterRows } from '../../infra/catalog/people-rows.js';
import {
  appendPeopleEvents,
  type PeopleEvent,
  parsePeopleEvents,
} from '../../model/people-event.js';
import {
  emptyPeopleRegister,
  type PeopleRegister,
  peopleRegisterSchema,
} from '../../model/people-register.js';

/*
 * The people of the archive (accounts, communities, grants) live in one OCFL object of
 * their own, `urn:heritage:people`, next to the items: each change is a new version,
 * holding the whole register (`people.json`) and the events so far (`events.jsonl`),
 * so the history of who was given what, by whom and why stays in the archive, and
 * `reindex` finds it again. Its id contains `:`, which item ids cannot.
 */

export const PEOPLE_OBJECT_ID = 'urn:heritage:people';
const REGISTER_PATH = 'people.json';
const EVENTS_PATH = 'events.jsonl';

/** True for the people object. */
export function isPeopleObject(objectId: string): boolean {
  return objectId === PEOPLE_OBJECT_ID;
}

/** The people register at the head version, with its events; empty before the first change. */
export async function readPeopleObject(archive: Pick<Archive, 'objects'>): Promise<{
  register: PeopleRegister;
  eventsJsonl: string;
  version: string | undefined;
}> {
  const found = await readObjectTexts(archive.objects, PEOPLE_OBJECT_ID, [
    REGISTER_PATH,
    EVENTS_PATH,
  ]);
  if (!found) return { register: emptyPeopleRegister, eventsJsonl: '', version: undefined };
  const json = found.texts.get(REGISTER_PATH);
  if (json === undefined) throw new Error(`${PEOPLE_OBJECT_ID} has no ${REGISTER_PATH}`);
  return {
    register: peopleRegisterSchema.parse(JSON.parse(json)),
    eventsJsonl: found.texts.get(EVENTS_PATH) ?? '',
    version: found.version,
  };
}

/** A change worked out from the current register: the next one and the events that say why. */
export interface PeopleChange {
  register: PeopleRegister;
  events: PeopleEvent[];
}

/**
 * Under the people object's lock, reads the head register, lets `change` work out the
 * next one (it throws to refuse), writes it as the next version, then mirrors it in the
 * catalog. Returns the version written.
 */
export async function commitPeopleChange(
  archive: Archive,
  locks: ItemLocks,
  agent: string,
  change: (current: PeopleRegister) => Promise<PeopleChange> | PeopleChange,
): Promise<string> {
  return locks.withLock(PEOPLE_OBJECT_ID, async () => {
    const head = await readPeopleObject(archive);
    const next = await change(head.register);
    const register = peopleRegisterSchema.parse(next.register);
    const commit = await archive.objects.commitVersion(
      PEOPLE_OBJECT_ID,
      {
        add: [
          { logicalPath: REGISTER_PATH, body: `${JSON.stringify(register, null, 2)}\n` },
          { logicalPath: EVENTS_PATH, body: appendPeopleEvents(head.eventsJsonl, next.events) },
        ],
      },
      {
        message: next.events.map((event) => `${event.action}: ${event.subject}`).join('; '),
        user: { name: agent },
      },
    );
    await archive.catalog.transaction(async (tx) => {
      await savePeopleRegisterRows(tx, register, commit.version);
      await savePeopleEventRows(tx, next.events);
    });
    return commit.version;
  });
}

/** Mirrors the people object (head version) and its events into the catalog. */
export async function reindexPeopleObject(archive: Archive): Promise<void> {
  const head = await readPeopleObject(archive);
  if (head.version === undefined) throw new Error(`${PEOPLE_OBJECT_ID} is not in the archive`);
  const events = parsePeopleEvents(head.eventsJsonl);
  const version = head.version;
  await archive.catalog.transaction(async (tx) => {
    await savePeopleRegisterRows(tx, head.register, version);
    await savePeopleEventRows(tx, events);
  });
}
