import { afterEach, describe, expect, it } from 'vitest';
import { actingUserName } from '../../../src/entry/cli/commands/acting-user.js';
import { grantOf, reasonOf } from '../../../src/entry/cli/commands/people-options.js';

describe('grant and agent options', () => {
  const saved = process.env.HERITAGE_USER;
  afterEach(() => {
    if (saved === undefined) delete process.env.HERITAGE_USER;
    else process.env.HERITAGE_USER = saved;
  });

  it('builds a grant from a role and its target', () => {
    expect(grantOf('admin', {})).toEqual({ role: 'admin' });
    expect(grantOf('archivist', { collection: 'songs' })).toEqual({
      role: 'archivist',
      collection: 'songs',
    });
    expect(grantOf('member', { community: 'tay' })).toEqual({ role: 'member', community: 'tay' });
    expect(grantOf('researcher', { item: 'song-1' })).toEqual({
      role: 'researcher',
      scope: { kind: 'item', item: 'song-1' },
    });
  });

  it('names the parameter at fault', () => {
    expect(() => grantOf('boss', {})).toThrow(/<role>: "boss" is not a role/);
    expect(() => grantOf('archivist', {})).toThrow(/--collection: archivist needs a target/);
    expect(() => grantOf('custodian', { collection: 'songs' })).toThrow(
      /--collection: custodian takes --community/,
    );
    expect(() => grantOf('admin', { item: 'x' })).toThrow(/--item: admin takes no target/);
    expect(() => grantOf('researcher', { item: 'x', collection: 'y' })).toThrow(
      /--item or --collection: researcher needs exactly one target/,
    );
    expect(() => reasonOf({ reason: '  ' })).toThrow(/--reason/);
  });

  it('acts as --as, else HERITAGE_USER, else the local admin', () => {
    delete process.env.HERITAGE_USER;
    expect(actingUserName({})).toBe('local-admin');
    process.env.HERITAGE_USER = 'lan';
    expect(actingUserName({})).toBe('lan');
    expect(actingUserName({ as: 'minh' })).toBe('minh');
  });
});
