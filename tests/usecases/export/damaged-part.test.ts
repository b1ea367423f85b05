import { describe, expect, it } from 'vitest';
import { InventoryError } from '../../../src/infra/ocfl/errors.js';
import { IntegrityError, ObjectNotFoundError } from '../../../src/infra/storage/object-store.js';
import { itemRecordSchema } from '../../../src/model/item-record.js';
import { damagedPart, isDamage } from '../../../src/usecases/export/damaged-part.js';
import { WavFormatError } from '../../../src/usecases/export/wav-clip.js';

describe('telling damage in the archive from failures that may pass', () => {
  it('counts a digest mismatch, a missing file, a bad inventory, record or WAV as damage', () => {
    const invalidRecord = itemRecordSchema.safeParse({}).error;
    const damage = [
      new IntegrityError('k', 'a'.repeat(64), 'b'.repeat(64)),
      new ObjectNotFoundError('k'),
      new InventoryError('inventory.json', ['no head']),
      new WavFormatError('copy.wav', 'is not a RIFF/WAVE file'),
      invalidRecord,
      new SyntaxError('Unexpected token'),
    ];
    for (const error of damage) expect(isDamage(error), String(error)).toBe(true);
  });

  it('names the item, path and problem of a damaged part', () => {
    expect(damagedPart('then-a', 'metadata/item.json', new SyntaxError('bad JSON'))).toEqual({
      itemId: 'then-a',
      path: 'metadata/item.json',
      problem: 'bad JSON',
    });
  });

  it('throws anything else again, so that the export fails and is retried', () => {
    const network = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isDamage(network)).toBe(false);
    expect(() => damagedPart('then-a', 'metadata/item.json', network)).toThrow('ECONNRESET');
  });
});
