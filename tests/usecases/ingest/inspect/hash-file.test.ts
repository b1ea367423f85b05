import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../../../src/usecases/ingest/inspect/hash-file.js';
import { tempDir } from '../../../support/temp-dir.js';

describe('hashFile', () => {
  it('gives the size and sha256 of the whole file, and reports every byte read', async () => {
    const folder = await tempDir('hash-file-');
    const mebibyte = 1 << 20;
    for (const size of [0, 1, mebibyte - 1, mebibyte, 2 * mebibyte + 12_345]) {
      const bytes = randomBytes(size);
      const file = path.join(folder, `file-${size}`);
      await writeFile(file, bytes);
      const reported: number[] = [];
      const digests = await hashFile(file, (read) => reported.push(read));
      expect(digests).toEqual({
        size,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(reported.reduce((sum, read) => sum + read, 0)).toBe(size);
    }
  });

  it('fails for a file that is not there', async () => {
    const missing = path.join(await tempDir('hash-file-'), 'gone.wav');
    await expect(hashFile(missing)).rejects.toThrow(/ENOENT/);
  });
});
