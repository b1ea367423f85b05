import type { Archive } from '../../archive/archive.js';
import type { PeopleEvent } from '../../model/people-event.js';
import { parsePeopleEvents } from '../../model/people-event.js';
import {
  type Account,
  type Community,
  grantsOf,
  type HeldGrant,
} from '../../model/people-register.js';
import type { Grant } from '../../model/person.js';
import { readPeopleObject } from './people-object.js';

/** An account as it may be shown: everything but the password hash. */
export type ShownAccount = Omit<Account, 'passwordHash'> & { grants: Grant[] };

/** What `users list`, `communities list` and `grants list` show, from the people object's head. */
export interface PeopleListing {
  version: string | undefined;
  accounts: ShownAccount[];
  communities: Community[];
  grants: HeldGrant[];
  events: PeopleEvent[];
}

export async function listPeople(archive: Pick<Archive, 'objects'>): Promise<PeopleListing> {
  const { register, eventsJsonl, version } = await readPeopleObject(archive);
  return {
    version,
    accounts: register.accounts.map(({ passwordHash: _hidden, ...shown }) => ({
      ...shown,
      grants: grantsOf(register, shown.id),
    })),
    communities: register.communities,
    grants: register.grants,
    events: parsePeopleEvents(eventsJsonl),
  };
}
