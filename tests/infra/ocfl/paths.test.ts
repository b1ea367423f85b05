import { describe, expect, it } from 'vitest';
import {
  assertValidLogicalPath,
  assertValidObjectId,
  findPathConflict,
  logicalPathProblem,
} from '../../../src/infra/ocfl/paths.js';
import { layoutMismatches, objectRootFor } from '../../../src/infra/ocfl/storage-layout.js';

describe('logical paths', () => {
  it('accepts nested paths with Vietnamese and Tày letters', () => {
    for (const path of [
      'originals/then-lượn.wav',
      'a',
      'metadata/ro-crate-metadata.json',
      'x/.hidden',
    ]) {
      expect(logicalPathProblem(path)).toBeUndefined();
    }
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'begin or end'],
    ['originals/', 'begin or end'],
    ['a//b', 'empty segment'],
    ['../outside', '".." segment'],
    ['a/./b', '"." segment'],
    ['a/\u0000b', 'control character'],
    ['line\nbreak', 'control character'],
    ['win\\path', 'backslash'],
    ['bad\ud800surrogate', 'lone surrogate'],
    [`${'x'.repeat(256)}/y`, 'segment is longer than 255'],
    [Array.from({ length: 10 }, () => 'y'.repeat(100)).join('/'), 'longer than 900 bytes'],
  ])('refuses %j (%s)', (path, reason) => {
    expect(logicalPathProblem(path)).toContain(reason);
    expect(() => assertValidLogicalPath(path)).toThrow(/invalid logical path/);
  });
});

describe('object ids', () => {
  it('accepts URIs and plain ids', () => {
    expect(() => assertValidObjectId('https://heritage.example/items/tay-001')).not.toThrow();
    expect(() => assertValidObjectId('item:then/001')).not.toThrow();
  });

  it.each([
    ['', /empty/],
    ['item\u0007', /control character/],
    ['item\u0085x', /control character/],
    [' item', /white space/],
    ['x'.repeat(1025), /longer than 1024/],
  ])('refuses %j', (id, message) => {
    expect(() => assertValidObjectId(id)).toThrow(message);
  });
});

describe('findPathConflict', () => {
  it('finds a file that is also a folder, however deep', () => {
    expect(findPathConflict(['a/b/c.txt', 'z', 'a/b'])).toEqual(['a/b', 'a/b/c.txt']);
    expect(findPathConflict(['a', 'a/b/c'])).toEqual(['a', 'a/b/c']);
  });

  it('does not confuse a shared name prefix with a folder', () => {
    expect(findPathConflict(['a/b', 'a/bc', 'ab', 'a/b.txt'])).toBeUndefined();
  });
});

describe('0004 hashed n-tuple layout', () => {
  it('maps ids as the extension document does', () => {
    // The examples published with OCFL community extension 0004 (default parameters).
    expect(objectRootFor('object-01')).toBe(
      '3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4',
    );
    expect(objectRootFor('..hor/rib:le-$id')).toBe(
      '487/326/d8c/487326d8c2a3c0b885e23da1469b4d6671fd4e76978924b4443e9e3c316cda6d',
    );
  });

  it('accepts its own config, a config that omits defaults, and no config at all', () => {
    const layout = { extension: '0004-hashed-n-tuple-storage-layout', description: 'x' };
    expect(layoutMismatches(layout, { tupleSize: 3, numberOfTuples: 3 })).toEqual([]);
    expect(layoutMismatches(layout, undefined)).toEqual([]);
  });

  it('names the layout or parameter that differs', () => {
    expect(
      layoutMismatches({ extension: '0002-flat-direct-storage-layout' }, undefined)[0],
    ).toContain('0002-flat-direct-storage-layout');
    const mismatches = layoutMismatches(
      { extension: '0004-hashed-n-tuple-storage-layout' },
      { tupleSize: 2, shortObjectRoot: true },
    );
    expect(mismatches).toHaveLength(2);
    expect(mismatches.join('\n')).toMatch(/tupleSize to 2[\s\S]*shortObjectRoot to true/);
  });
});
