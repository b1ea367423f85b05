import { describe, expect, it } from 'vitest';
import { keepsCollection } from '../../src/model/access-policy.js';
import { type Person, publicPerson } from '../../src/model/person.js';

const account = (grants: Extract<Person, { kind: 'account' }>['grants']): Person => ({
  kind: 'account',
  id: 'someone',
  name: 'Someone',
  grants,
});

describe('who may deposit into a collection', () => {
  it('is its archivists and the admins, nobody else', () => {
    expect(keepsCollection(account([{ role: 'admin' }]), 'khau-songs')).toBe(true);
    expect(
      keepsCollection(account([{ role: 'archivist', collection: 'khau-songs' }]), 'khau-songs'),
    ).toBe(true);
    expect(
      keepsCollection(account([{ role: 'archivist', collection: 'other' }]), 'khau-songs'),
    ).toBe(false);
    expect(
      keepsCollection(account([{ role: 'custodian', community: 'khau-village' }]), 'khau-songs'),
    ).toBe(false);
    expect(
      keepsCollection(
        account([{ role: 'researcher', scope: { kind: 'collection', collection: 'khau-songs' } }]),
        'khau-songs',
      ),
    ).toBe(false);
    expect(keepsCollection(account([]), 'khau-songs')).toBe(false);
    expect(keepsCollection(publicPerson, 'khau-songs')).toBe(false);
  });
});
