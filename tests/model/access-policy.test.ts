import { describe, expect, it } from 'vitest';
import type { Consent } from '../../src/model/access.js';
import { decideAccess } from '../../src/model/access-policy.js';

const consent = (uses: Consent['uses'], withdrawn = false): Consent => ({ uses, withdrawn });
const everything = consent([
  'archive',
  'community-access',
  'public-access',
  'research',
  'ml-training',
  'commercial',
]);

describe('the access policy', () => {
  it('never lets secret/sacred material out, whatever the consent says', () => {
    for (const purpose of [
      'public-view',
      'community-view',
      'ml-training-export',
      'research-export',
    ] as const) {
      expect(
        decideAccess({ accessProtocol: 'secret-sacred', consent: everything }, purpose).allowed,
      ).toBe(false);
    }
  });

  it('allows nothing once consent is withdrawn', () => {
    const decision = decideAccess(
      { accessProtocol: 'open', consent: { ...everything, withdrawn: true } },
      'public-view',
    );
    expect(decision).toEqual({ allowed: false, reason: 'consent has been withdrawn' });
  });

  it('needs the consent to name the use', () => {
    expect(
      decideAccess({ accessProtocol: 'open', consent: consent(['archive']) }, 'ml-training-export'),
    ).toEqual({
      allowed: false,
      reason: 'consent does not include ml-training',
    });
    expect(
      decideAccess(
        { accessProtocol: 'open', consent: consent(['ml-training']) },
        'ml-training-export',
      ),
    ).toEqual({ allowed: true });
  });

  it('keeps community material from the public but lets exports narrow to open items', () => {
    const community = { accessProtocol: 'community' as const, consent: everything };
    expect(decideAccess(community, 'public-view').allowed).toBe(false);
    expect(decideAccess(community, 'community-view').allowed).toBe(true);
    expect(decideAccess(community, 'ml-training-export').allowed).toBe(true);
    expect(decideAccess(community, 'ml-training-export', ['open']).allowed).toBe(false);
  });
});
