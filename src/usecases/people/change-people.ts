import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { existingItemIds } from '../../infra/catalog/item-queries.js';
import { existingCollectionIds } from '../../infra/catalog/people-queries.js';
import { passwordProblem } from '../../model/password-rule.js';
import { newPeopleEvent } from '../../model/people-event.js';
import {
  type AccountLanguage,
  accountOf,
  addAccount,
  addCommunity,
  addGrant,
  grantTarget,
  type PeopleRegister,
  PeopleRuleError,
  removeGrant,
  updateAccount,
} from '../../model/people-register.js';
import type { Grant } from '../../model/person.js';
import { hashPassword } from './password-hash.js';
import { commitPeopleChange } from './people-object.js';

/** Who makes a change and why; both go into the change's event. */
export interface PeopleActor {
  agent: string;
  reason?: string;
}

/** Adds an account with an argon2id hash of its password. Returns the object version. */
export async function addUser(
  archive: Archive,
  locks: ItemLocks,
  actor: PeopleActor,
  user: { id: string; name: string; language: AccountLanguage; password: string },
): Promise<string> {
  const passwordHash = await hashOf(user.password);
  return commitPeopleChange(archive, locks, actor.agent, (current) => ({
    register: addAccount(current, {
      id: user.id,
      name: user.name,
      language: user.language,
      passwordHash,
      disabled: false,
    }),
    events: [newPeopleEvent({ action: 'user added', subject: user.id, ...actor })],
  }));
}

/** Disables an account: it can no longer sign in; its grants and history stay. */
export async function disableUser(
  archive: Archive,
  locks: ItemLocks,
  actor: PeopleActor & { reason: string },
  id: string,
): Promise<string> {
  return commitPeopleChange(archive, locks, actor.agent, (current) => {
    if (accountOf(current, id).disabled) {
      throw new PeopleRuleError(`user "${id}": already disabled`);
    }
    return {
      register: updateAccount(current, id, { disabled: true }),
      events: [newPeopleEvent({ action: 'user disabled', subject: id, ...actor })],
    };
  });
}

export async function changePassword(
  archive: Archive,
  locks: ItemLocks,
  actor: PeopleActor,
  id: string,
  password: string,
): Promise<string> {
  const passwordHash = await hashOf(password);
  return commitPeopleChange(archive, locks, actor.agent, (current) => ({
    register: updateAccount(current, id, { passwordHash }),
    events: [newPeopleEvent({ action: 'password changed', subject: id, ...actor })],
  }));
}

export async function addPeopleCommunity(
  archive: Archive,
  locks: ItemLocks,
  actor: PeopleActor,
  community: { id: string; name: string },
): Promise<string> {
  return commitPeopleChange(archive, locks, actor.agent, (current) => ({
    register: addCommunity(current, community),
    events: [newPeopleEvent({ action: 'community added', subject: community.id, ...actor })],
  }));
}

/** Gives a grant; its collection or item must be in the catalog, its community in the register. */
export async function giveGrant(
  archive: Archive,
  locks: ItemLocks,
  actor: PeopleActor & { reason: string },
  user: string,
  grant: Grant,
  /** Items the actor may not view: a grant on one is refused as on a missing item. */
  hiddenItems: ReadonlySet<string> = new Set(),
): Promise<string> {
  const target = grantTarget(grant);
  const ids = target ? [target.id] : [];
  const collections =
    target?.kind === 'collection' ? await existingCollectionIds(archive.catalog, ids) : new Set();
  const items =
    target?.kind === 'item'
      ? new Set(
          [...(await existingItemIds(archive.catalog, ids))].filter((id) => !hiddenItems.has(id)),
        )
      : new Set();
  return commitPeopleChange(archive, locks, actor.agent, (current) => ({
    register: addGrant(current, user, grant, {
      collectionExists: (id) => collections.has(id),
      itemExists: (id) => items.has(id),
    }),
    events: [newPeopleEvent({ action: 'grant given', subject: user, grant, ...actor })],
  }));
}

export async function withdrawGrant(
  archive: Archive,
  locks: ItemLocks,
  actor: PeopleActor & { reason: string },
  user: string,
  grant: Grant,
  /** Items the actor may not view: a grant on one is answered as one nobody holds. */
  hiddenItems: ReadonlySet<string> = new Set(),
): Promise<string> {
  const target = grantTarget(grant);
  const hidden = target?.kind === 'item' && hiddenItems.has(target.id);
  return commitPeopleChange(archive, locks, actor.agent, (current) => ({
    register: removeGrant(hidden ? withoutGrantsOf(current, user) : current, user, grant),
    events: [newPeopleEvent({ action: 'grant removed', subject: user, grant, ...actor })],
  }));
}

async function hashOf(password: string): Promise<string> {
  const problem = passwordProblem(password, 'password');
  if (problem) throw new PeopleRuleError(problem);
  return hashPassword(password);
}

/** The register as if `user` held no grant: what a refusal about a hidden grant is judged on. */
function withoutGrantsOf(register: PeopleRegister, user: string): PeopleRegister {
  return { ...register, grants: register.grants.filter((held) => held.user !== user) };
}
