import { describe, expect, it } from 'vitest';
import {
  type AccessProtocol,
  accessProtocols,
  type Consent,
  consentUses,
} from '../../src/model/access.js';
import {
  type AccessFacts,
  accessRules,
  type Capacity,
  consentUseNeeded,
  decideAccess,
  type Purpose,
  purposes,
} from '../../src/model/access-policy.js';
import { type Grant, type Person, publicPerson } from '../../src/model/person.js';

/**
 * Every role × protocol × consent × purpose, checked against the policy's own rule
 * table and against invariants written out by hand (so a wrong table fails too).
 */

const ITEM = 'item-x7';
const COLLECTION = 'coll-q3';
const COMMUNITY = 'comm-z9';

interface Role {
  name: string;
  person: Person;
  /** The capacities the grants give towards the item, as the rules name them. */
  capacities: Capacity[];
}

const account = (name: string, grants: Grant[]): Person => ({
  kind: 'account',
  id: name,
  name,
  grants,
});
const role = (name: string, grants: Grant[], capacities: Capacity[]): Role => ({
  name,
  person: account(name, grants),
  capacities: ['anyone', ...capacities],
});

const roles: Role[] = [
  { name: 'the public', person: publicPerson, capacities: ['anyone'] },
  role('admin', [{ role: 'admin' }], ['admin']),
  role(
    'archivist of the collection',
    [{ role: 'archivist', collection: COLLECTION }],
    ['collection-archivist'],
  ),
  role('archivist of another collection', [{ role: 'archivist', collection: 'other' }], []),
  role(
    'custodian of the community',
    [{ role: 'custodian', community: COMMUNITY }],
    ['community-custodian'],
  ),
  role('custodian of another community', [{ role: 'custodian', community: 'other' }], []),
  role('member of the community', [{ role: 'member', community: COMMUNITY }], ['community-member']),
  role('member of another community', [{ role: 'member', community: 'other' }], []),
  role(
    'researcher on the item',
    [{ role: 'researcher', scope: { kind: 'item', item: ITEM } }],
    ['researcher'],
  ),
  role(
    'researcher on the collection',
    [{ role: 'researcher', scope: { kind: 'collection', collection: COLLECTION } }],
    ['researcher'],
  ),
  role(
    'researcher on another item',
    [{ role: 'researcher', scope: { kind: 'item', item: 'other' } }],
    [],
  ),
  role(
    'admin who is a custodian of the community',
    [{ role: 'admin' }, { role: 'custodian', community: COMMUNITY }],
    ['admin', 'community-custodian'],
  ),
];

const allUses: Consent['uses'] = [...consentUses];
const item = (accessProtocol: AccessProtocol, consent: Consent): AccessFacts => ({
  id: ITEM,
  collection: COLLECTION,
  community: COMMUNITY,
  accessProtocol,
  consent,
});

/** Who may view what, as the archive's protocols are written (not read from the table). */
function mayViewBySpec(capacities: Capacity[], protocol: AccessProtocol): boolean {
  const has = (capacity: Capacity) => capacities.includes(capacity);
  switch (protocol) {
    case 'secret-sacred':
      return has('community-custodian');
    case 'restricted':
      return has('admin') || has('collection-archivist') || has('researcher');
    case 'community':
      return (
        has('admin') ||
        has('collection-archivist') ||
        has('community-custodian') ||
        has('community-member')
      );
    case 'open':
      return true;
  }
}

interface Case {
  consent: Consent;
  label: string;
  expected: boolean;
}

/** The consents to try, and what the rule table says of each. */
function casesFor(role: Role, protocol: AccessProtocol, purpose: Purpose): Case[] {
  const rules = accessRules.filter(
    (rule) =>
      rule.protocol === protocol &&
      rule.purposes.includes(purpose) &&
      role.capacities.includes(rule.capacity),
  );
  const needed = [...new Set(rules.map((rule) => consentUseNeeded(rule.capacity, purpose)))];
  return [
    { label: 'withdrawn', consent: { uses: allUses, withdrawn: true }, expected: false },
    ...(needed.length === 0
      ? [{ label: 'every use', consent: { uses: allUses, withdrawn: false }, expected: false }]
      : needed.map((use) => ({
          label: `only ${use}`,
          consent: { uses: [use], withdrawn: false },
          expected: true,
        }))),
    {
      label: 'the use absent',
      consent: { uses: allUses.filter((use) => !needed.includes(use)), withdrawn: false },
      expected: false,
    },
  ];
}

describe('the access policy, case by case', () => {
  it.each(roles)('decides for $name as its rule table says', (role) => {
    let checked = 0;
    for (const protocol of accessProtocols)
      for (const purpose of purposes)
        for (const { consent, label, expected } of casesFor(role, protocol, purpose)) {
          const decision = decideAccess(role.person, item(protocol, consent), purpose);
          const where = `${role.name}, ${protocol}, ${purpose}, consent ${label}`;
          expect(decision.allowed, where).toBe(expected);
          checked++;

          // Invariants, whatever the table says.
          if (consent.withdrawn) expect(decision.allowed, where).toBe(false);
          if (decision.allowed && protocol === 'secret-sacred') {
            expect(role.capacities, where).toContain('community-custodian');
            expect(['view', 'annotate'], where).toContain(purpose);
          }
          if (decision.allowed && role.person.kind === 'public') {
            expect(protocol, where).toBe('open');
            expect(purpose, where).toBe('view');
          }
          if (purpose === 'view' && decision.allowed)
            expect(mayViewBySpec(role.capacities, protocol), where).toBe(true);
          if (!decision.allowed)
            for (const fact of [ITEM, COLLECTION, COMMUNITY])
              expect(decision.reason, where).not.toContain(fact);
        }
    expect(checked).toBeGreaterThan(accessProtocols.length * purposes.length * 2);
  });

  it.each(roles)('lets $name view exactly what the protocols say, given the consent', (role) => {
    for (const protocol of accessProtocols) {
      const decision = decideAccess(
        role.person,
        item(protocol, { uses: allUses, withdrawn: false }),
        'view',
      );
      expect(decision.allowed, `${role.name}, ${protocol}`).toBe(
        mayViewBySpec(role.capacities, protocol),
      );
    }
  });

  it('never lets an admin reach secret/sacred material of a community they do not keep', () => {
    const admin = roles[1] as Role;
    for (const purpose of purposes)
      expect(
        decideAccess(
          admin.person,
          item('secret-sacred', { uses: allUses, withdrawn: false }),
          purpose,
        ).allowed,
      ).toBe(false);
  });
});
