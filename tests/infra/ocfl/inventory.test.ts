import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildNextInventory,
  nextVersionName,
  parseSidecar,
  serializeInventory,
  sidecarFor,
} from '../../../src/infra/ocfl/inventory-build.js';
import { checkInventory, type Inventory } from '../../../src/infra/ocfl/inventory-schema.js';

const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const user = { name: 'Archivist', address: 'mailto:archivist@example.org' };

/** A two-version inventory built through the builder, as commits build them. */
function twoVersions(): Inventory {
  const v1 = buildNextInventory({
    objectId: 'item-1',
    previous: undefined,
    state: new Map([
      ['originals/song.wav', sha512('song')],
      ['metadata/notes.txt', sha512('notes')],
    ]),
    newContent: [
      {
        sha512: sha512('song'),
        sha256: sha256('song'),
        contentPath: 'v1/content/originals/song.wav',
      },
      {
        sha512: sha512('notes'),
        sha256: sha256('notes'),
        contentPath: 'v1/content/metadata/notes.txt',
      },
    ],
    metadata: { message: 'ingest', user, created: new Date('2024-05-01T10:00:00Z') },
  });
  return buildNextInventory({
    objectId: 'item-1',
    previous: v1,
    state: new Map([
      ['originals/song.wav', sha512('song')],
      ['derivatives/song.flac', sha512('flac')],
    ]),
    newContent: [
      {
        sha512: sha512('flac'),
        sha256: sha256('flac'),
        contentPath: 'v2/content/derivatives/song.flac',
      },
    ],
    metadata: { message: 'normalise', user: { name: 'worker' } },
  });
}

const bytesOf = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('buildNextInventory', () => {
  it('keeps earlier versions and manifest entries and adds the new version', () => {
    const inventory = twoVersions();
    expect(inventory.head).toBe('v2');
    expect(Object.keys(inventory.versions)).toEqual(['v1', 'v2']);
    expect(inventory.manifest[sha512('song')]).toEqual(['v1/content/originals/song.wav']);
    expect(inventory.versions.v2?.state[sha512('song')]).toEqual(['originals/song.wav']);
    expect(inventory.versions.v2?.state[sha512('notes')]).toBeUndefined();
    expect(inventory.fixity?.sha256?.[sha256('flac')]).toEqual([
      'v2/content/derivatives/song.flac',
    ]);
    expect(inventory.versions.v1?.created).toBe('2024-05-01T10:00:00.000Z');
    expect(inventory.versions.v2?.user).toEqual({ name: 'worker' });
  });

  it('produces an inventory that passes its own checks', () => {
    expect(checkInventory(serializeInventory(twoVersions())).problems).toEqual([]);
  });

  it('names versions v1, v2, ... without padding', () => {
    expect(nextVersionName(undefined)).toBe('v1');
    expect(nextVersionName('v9')).toBe('v10');
  });
});

describe('checkInventory', () => {
  it('reports invalid JSON', () => {
    expect(checkInventory(Buffer.from('{ not json')).problems[0]).toMatch(/not valid JSON/);
  });

  it('refuses keys the specification does not define', () => {
    const problems = checkInventory(bytesOf({ ...twoVersions(), extra: true })).problems;
    expect(problems.join('\n')).toMatch(/extra/);
  });

  it('refuses a head that is not the highest version', () => {
    const problems = checkInventory(bytesOf({ ...twoVersions(), head: 'v1' })).problems;
    expect(problems).toContain('head is v1 but the highest version is v2');
  });

  it('refuses a gap in the version sequence', () => {
    const inventory = twoVersions();
    const { v2, ...rest } = inventory.versions;
    const problems = checkInventory(
      bytesOf({ ...inventory, versions: { ...rest, v3: v2 }, head: 'v3' }),
    ).problems;
    expect(problems.join('\n')).toMatch(/v2 is missing/);
  });

  it('refuses a state digest missing from the manifest', () => {
    const inventory = twoVersions();
    const { [sha512('flac')]: _flac, ...manifest } = inventory.manifest;
    const problems = checkInventory(bytesOf({ ...inventory, manifest })).problems;
    expect(problems.join('\n')).toMatch(/v2 state digest .* is not in the manifest/);
  });

  it('refuses logical paths that escape or conflict', () => {
    const inventory = twoVersions();
    const state = { [sha512('song')]: ['../song.wav'], [sha512('flac')]: ['a', 'a/b'] };
    const versions = { ...inventory.versions, v2: { ...inventory.versions.v2, state } };
    const problems = checkInventory(bytesOf({ ...inventory, versions })).problems.join('\n');
    expect(problems).toMatch(/"\.\.\/song\.wav".*"\.\." segment/);
    expect(problems).toMatch(/logical paths a and a\/b conflict/);
  });

  it('refuses content outside a version content directory', () => {
    const inventory = twoVersions();
    const manifest = { ...inventory.manifest, [sha512('flac')]: ['v9/content/x'] };
    const problems = checkInventory(bytesOf({ ...inventory, manifest })).problems.join('\n');
    expect(problems).toMatch(/"v9\/content\/x" is not inside a version's "content" directory/);
  });

  it('requires sha256 fixity for every content path', () => {
    const inventory = twoVersions();
    const problems = checkInventory(bytesOf({ ...inventory, fixity: {} })).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/has no sha256 fixity/);
  });

  it('refuses sha256 content addressing, which heritage does not write', () => {
    const problems = checkInventory(
      bytesOf({ ...twoVersions(), digestAlgorithm: 'sha256' }),
    ).problems;
    expect(problems.join('\n')).toMatch(/digestAlgorithm/);
  });
});

describe('inventory sidecar', () => {
  it('states the sha512 of the inventory bytes and parses back', () => {
    const bytes = serializeInventory(twoVersions());
    const sidecar = sidecarFor(bytes);
    expect(sidecar).toBe(`${createHash('sha512').update(bytes).digest('hex')} inventory.json\n`);
    expect(parseSidecar(Buffer.from(sidecar))).toBe(
      createHash('sha512').update(bytes).digest('hex'),
    );
  });

  it('accepts tabs and upper case, refuses another file name', () => {
    expect(parseSidecar(Buffer.from('ABC123\t\tinventory.json'))).toBe('abc123');
    expect(parseSidecar(Buffer.from('abc123 other.json'))).toBeUndefined();
  });
});
