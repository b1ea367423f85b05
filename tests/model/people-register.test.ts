import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/model/password-rule.js';
import {
  appendPeopleEvents,
  newPeopleEvent,
  parsePeopleEvents,
} from '../../src/model/people-event.js';
import {
  type Account,
  addAccount,
  addCommunity,
  addGrant,
  describeGrant,
  emptyPeopleRegister,
  type GrantTargets,
  grantsOf,
  PeopleRuleError,
  removeGrant,
  updateAccount,
} from '../../src/model/people-register.js';

const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';
const account = (id: string, fields: Partial<Account> = {}): Account => ({
  id,
  name: `Name of ${id}`,
  passwordHash: hash,
  disabled: false,
  language: 'vi',
  ...fields,
});
const targets: GrantTargets = {
  collectionExists: (id) => id === 'songs',
  itemExists: (id) => id === 'song-1',
};
const withLan = addCommunity(addAccount(emptyPeopleRegister, account('lan')), {
  id: 'hmong-village',
  name: 'Hmong village',
});

describe('the people register', () => {
  it('adds accounts and communities with valid, unused ids', () => {
    expect(withLan.accounts.map((a) => a.id)).toEqual(['lan']);
    expect(() => addAccount(withLan, account('lan'))).toThrow(/user "lan": already exists/);
    expect(() => addAccount(withLan, account('has space'))).toThrow(PeopleRuleError);
    expect(() => addAccount(withLan, account('x:y'))).toThrow(/user "x:y"/);
    expect(() => addCommunity(withLan, { id: 'hmong-village', name: 'again' })).toThrow(
      /community "hmong-village": already exists/,
    );
    expect(() => addCommunity(withLan, { id: 'tay', name: ' ' })).toThrow(/name/);
  });

  it('gives a grant only on a target that exists', () => {
    const given = addGrant(withLan, 'lan', { role: 'archivist', collection: 'songs' }, targets);
    expect(grantsOf(given, 'lan')).toEqual([{ role: 'archivist', collection: 'songs' }]);
    expect(() =>
      addGrant(withLan, 'lan', { role: 'archivist', collection: 'tales' }, targets),
    ).toThrow(/collection "tales": no such collection/);
    expect(() => addGrant(withLan, 'lan', { role: 'member', community: 'tay' }, targets)).toThrow(
      /community "tay": no such community/,
    );
    expect(
      grantsOf(
        addGrant(withLan, 'lan', { role: 'custodian', community: 'hmong-village' }, targets),
        'lan',
      ),
    ).toHaveLength(1);
    expect(() =>
      addGrant(
        withLan,
        'lan',
        { role: 'researcher', scope: { kind: 'item', item: 'song-2' } },
        targets,
      ),
    ).toThrow(/item "song-2": no such item/);
    expect(() =>
      addGrant(
        withLan,
        'lan',
        { role: 'researcher', scope: { kind: 'collection', collection: 'tales' } },
        targets,
      ),
    ).toThrow(/collection "tales"/);
    expect(() => addGrant(withLan, 'minh', { role: 'admin' }, targets)).toThrow(
      /user "minh": no such user/,
    );
  });

  it('refuses a grant held already, to a disabled user, or removed when not held', () => {
    const admin = addGrant(withLan, 'lan', { role: 'admin' }, targets);
    expect(() => addGrant(admin, 'lan', { role: 'admin' }, targets)).toThrow(/already admin/);
    const disabled = updateAccount(withLan, 'lan', { disabled: true });
    expect(() => addGrant(disabled, 'lan', { role: 'admin' }, targets)).toThrow(/disabled/);
    expect(grantsOf(removeGrant(admin, 'lan', { role: 'admin' }), 'lan')).toEqual([]);
    expect(() => removeGrant(withLan, 'lan', { role: 'admin' })).toThrow(/is not admin/);
  });

  it('names every kind of grant', () => {
    expect(describeGrant({ role: 'member', community: 'c' })).toBe('member of community c');
    expect(describeGrant({ role: 'researcher', scope: { kind: 'item', item: 'i' } })).toBe(
      'researcher of item i',
    );
  });
});

describe('passwords and people events', () => {
  it('needs twelve characters, naming the parameter', () => {
    expect(passwordProblem('short', '--password-stdin')).toBe(
      '--password-stdin: a password needs at least 12 characters (got 5)',
    );
    expect(passwordProblem('mật khẩu dài đủ', 'password')).toBeUndefined();
  });

  it('keeps events as JSON lines, appended', () => {
    const first = newPeopleEvent({ action: 'user added', agent: 'local-admin', subject: 'lan' });
    const second = newPeopleEvent({
      action: 'grant given',
      agent: 'local-admin',
      subject: 'lan',
      reason: 'curates the songs',
      grant: { role: 'archivist', collection: 'songs' },
    });
    const jsonl = appendPeopleEvents(appendPeopleEvents('', [first]), [second]);
    expect(parsePeopleEvents(jsonl)).toEqual([first, second]);
  });
});
