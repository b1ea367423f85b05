import { z } from 'zod';
import { identifierSchema } from './identifier.js';
import { type Grant, grantSchema } from './person.js';

/*
 * The people of the archive: accounts, communities and who holds which grant. The whole
 * register is one document, kept as each version of the people object; the functions
 * here work out the next register from the current one, refusing what breaks a rule.
 */

export const accountLanguages = ['vi', 'en'] as const;
export type AccountLanguage = (typeof accountLanguages)[number];

export const accountSchema = z.object({
  id: identifierSchema,
  name: z.string().trim().min(1),
  /** argon2id, in its PHC string form; never shown. */
  passwordHash: z.string().startsWith('$argon2id$'),
  disabled: z.boolean(),
  language: z.enum(accountLanguages),
});
export type Account = z.infer<typeof accountSchema>;

export const communitySchema = z.object({
  id: identifierSchema,
  name: z.string().trim().min(1),
});
export type Community = z.infer<typeof communitySchema>;

export const heldGrantSchema = z.object({ user: identifierSchema, grant: grantSchema });
export type HeldGrant = z.infer<typeof heldGrantSchema>;

export const peopleRegisterSchema = z.object({
  accounts: z.array(accountSchema),
  communities: z.array(communitySchema),
  grants: z.array(heldGrantSchema),
});
export type PeopleRegister = z.infer<typeof peopleRegisterSchema>;

export const emptyPeopleRegister: PeopleRegister = { accounts: [], communities: [], grants: [] };

/** A change the rules of the register refuse; the message names the value at fault. */
export class PeopleRuleError extends Error {
  override readonly name = 'PeopleRuleError';
}

/** What exists outside the register, for the targets of grants (the catalog knows). */
export interface GrantTargets {
  collectionExists(id: string): boolean;
  itemExists(id: string): boolean;
}

/** Checks an id against the archive's id alphabet; `what` names it in the error. */
export function checkIdentifier(id: string, what: string): string {
  const parsed = identifierSchema.safeParse(id);
  if (!parsed.success) {
    throw new PeopleRuleError(`${what} "${id}": ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

export function findAccount(register: PeopleRegister, id: string): Account | undefined {
  return register.accounts.find((account) => account.id === id);
}

/** The account, or an error naming the unknown user. */
export function accountOf(register: PeopleRegister, id: string): Account {
  const account = findAccount(register, id);
  if (!account) throw new PeopleRuleError(`user "${id}": no such user`);
  return account;
}

export function addAccount(register: PeopleRegister, account: Account): PeopleRegister {
  checkIdentifier(account.id, 'user');
  if (findAccount(register, account.id)) {
    throw new PeopleRuleError(`user "${account.id}": already exists`);
  }
  if (account.name.trim() === '') throw new PeopleRuleError('name: must not be empty');
  return { ...register, accounts: [...register.accounts, accountSchema.parse(account)] };
}

/** Replaces the fields of an existing account. */
export function updateAccount(
  register: PeopleRegister,
  id: string,
  fields: Partial<Omit<Account, 'id'>>,
): PeopleRegister {
  accountOf(register, id);
  return {
    ...register,
    accounts: register.accounts.map((account) =>
      account.id === id ? accountSchema.parse({ ...account, ...fields }) : account,
    ),
  };
}

export function addCommunity(register: PeopleRegister, community: Community): PeopleRegister {
  checkIdentifier(community.id, 'community');
  if (register.communities.some((known) => known.id === community.id)) {
    throw new PeopleRuleError(`community "${community.id}": already exists`);
  }
  if (community.name.trim() === '') throw new PeopleRuleError('name: must not be empty');
  return { ...register, communities: [...register.communities, communitySchema.parse(community)] };
}

/** One line naming a grant: `archivist of collection c`, `researcher of item i`, `admin`. */
export function describeGrant(grant: Grant): string {
  switch (grant.role) {
    case 'admin':
      return 'admin';
    case 'archivist':
      return `archivist of collection ${grant.collection}`;
    case 'custodian':
    case 'member':
      return `${grant.role} of community ${grant.community}`;
    case 'researcher':
      return grant.scope.kind === 'item'
        ? `researcher of item ${grant.scope.item}`
        : `researcher of collection ${grant.scope.collection}`;
  }
}

/** The collection, community or item a grant is on, or undefined for admin. */
export function grantTarget(
  grant: Grant,
): { kind: 'collection' | 'community' | 'item'; id: string } | undefined {
  switch (grant.role) {
    case 'admin':
      return undefined;
    case 'archivist':
      return { kind: 'collection', id: grant.collection };
    case 'custodian':
    case 'member':
      return { kind: 'community', id: grant.community };
    case 'researcher':
      return grant.scope.kind === 'item'
        ? { kind: 'item', id: grant.scope.item }
        : { kind: 'collection', id: grant.scope.collection };
  }
}

function holds(register: PeopleRegister, user: string, grant: Grant): boolean {
  const wanted = describeGrant(grant);
  return register.grants.some((held) => held.user === user && describeGrant(held.grant) === wanted);
}

/**
 * Gives a grant to an enabled user. Its target must exist: a collection (archivist, or
 * researcher of a collection), a community of the register (custodian, member) or an item.
 */
export function addGrant(
  register: PeopleRegister,
  user: string,
  grant: Grant,
  targets: GrantTargets,
): PeopleRegister {
  const account = accountOf(register, user);
  if (account.disabled) throw new PeopleRuleError(`user "${user}": the account is disabled`);
  const target = grantTarget(grant);
  if (target) {
    checkIdentifier(target.id, target.kind);
    const exists =
      target.kind === 'community'
        ? register.communities.some((community) => community.id === target.id)
        : target.kind === 'collection'
          ? targets.collectionExists(target.id)
          : targets.itemExists(target.id);
    if (!exists) throw new PeopleRuleError(`${target.kind} "${target.id}": no such ${target.kind}`);
  }
  if (holds(register, user, grant)) {
    throw new PeopleRuleError(`user "${user}": already ${describeGrant(grant)}`);
  }
  return { ...register, grants: [...register.grants, { user, grant }] };
}

export function removeGrant(register: PeopleRegister, user: string, grant: Grant): PeopleRegister {
  accountOf(register, user);
  if (!holds(register, user, grant)) {
    throw new PeopleRuleError(`user "${user}": is not ${describeGrant(grant)}`);
  }
  const removed = describeGrant(grant);
  return {
    ...register,
    grants: register.grants.filter(
      (held) => !(held.user === user && describeGrant(held.grant) === removed),
    ),
  };
}

/** The grants a user holds, in the order given. */
export function grantsOf(register: PeopleRegister, user: string): Grant[] {
  return register.grants.filter((held) => held.user === user).map((held) => held.grant);
}
