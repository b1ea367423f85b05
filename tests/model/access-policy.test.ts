import { describe, expect, it } from 'vitest';
import type { Consent } from '../../src/model/access.js';
import {
  type AccessFacts,
  decideAccess,
  protocolsReachable,
} from '../../src/model/access-policy.js';
import { archiveOperator } from '../../src/model/archive-operator.js';
import { type Person, publicPerson } from '../../src/model/person.js';

const consent = (uses: Consent['uses'], withdrawn = false): Consent => ({ uses, withdrawn });
const everything = consent([
  'archive',
  'community-access',
  'public-access',
  'research',
  'ml-training',
  'commercial',
]);
const item = (accessProtocol: AccessFacts['accessProtocol'], given = everything): AccessFacts => ({
  id: 'song',
  collection: 'tay',
  community: 'tay-village',
  accessProtocol,
  consent: given,
});
const account = (grants: Extract<Person, { kind: 'account' }>['grants']): Person => ({
  kind: 'account',
  id: 'someone',
  name: 'Someone',
  grants,
});
const custodian = account([{ role: 'custodian', community: 'tay-village' }]);

describe('the access policy', () => {
  it('never lets secret/sacred material out, whatever the consent says', () => {
    for (const purpose of ['view', 'curate', 'ml-training-export', 'research-export'] as const) {
      expect(decideAccess(archiveOperator, item('secret-sacred'), purpose).allowed).toBe(false);
      expect(decideAccess(publicPerson, item('secret-sacred'), purpose).allowed).toBe(false);
    }
    expect(decideAccess(archiveOperator, item('secret-sacred'), 'ml-training-export')).toEqual({
      allowed: false,
      reason: 'secret/sacred material never leaves the archive',
    });
  });

  it("lets the community's custodians view and annotate secret/sacred items, and take nothing out", () => {
    expect(decideAccess(custodian, item('secret-sacred'), 'view')).toEqual({ allowed: true });
    expect(decideAccess(custodian, item('secret-sacred'), 'annotate')).toEqual({ allowed: true });
    expect(decideAccess(custodian, item('secret-sacred'), 'research-export').allowed).toBe(false);
    const elsewhere = { ...item('secret-sacred'), community: 'another-village' };
    expect(decideAccess(custodian, elsewhere, 'view').allowed).toBe(false);
  });

  it('allows nothing once consent is withdrawn', () => {
    const decision = decideAccess(
      publicPerson,
      item('open', { ...everything, withdrawn: true }),
      'view',
    );
    expect(decision).toEqual({ allowed: false, reason: 'consent has been withdrawn' });
  });

  it('needs the consent to name the use', () => {
    expect(
      decideAccess(archiveOperator, item('open', consent(['archive'])), 'ml-training-export'),
    ).toEqual({ allowed: false, reason: 'consent does not include ml-training' });
    expect(
      decideAccess(archiveOperator, item('open', consent(['ml-training'])), 'ml-training-export'),
    ).toEqual({ allowed: true });
    expect(decideAccess(publicPerson, item('open', consent(['archive'])), 'view').allowed).toBe(
      false,
    );
  });

  it('keeps community material from the public but lets exports narrow to open items', () => {
    const community = item('community');
    expect(decideAccess(publicPerson, community, 'view').allowed).toBe(false);
    expect(
      decideAccess(account([{ role: 'member', community: 'tay-village' }]), community, 'view'),
    ).toEqual({ allowed: true });
    expect(decideAccess(archiveOperator, community, 'ml-training-export').allowed).toBe(true);
    expect(decideAccess(archiveOperator, community, 'ml-training-export', ['open']).allowed).toBe(
      false,
    );
  });

  it('names the protocols a catalog query may narrow to', () => {
    expect(protocolsReachable(publicPerson, 'view')).toEqual(['open']);
    expect(protocolsReachable(archiveOperator, 'view').sort()).toEqual([
      'community',
      'open',
      'restricted',
    ]);
    expect(protocolsReachable(custodian, 'view')).toContain('secret-sacred');
  });
});
