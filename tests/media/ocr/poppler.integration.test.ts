import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadImageError, OcrProcessError } from '../../../src/media/ocr/errors.js';
import { runPoppler } from '../../../src/media/ocr/poppler.js';
import { tempDir } from '../../support/temp-dir.js';

/** A one-page PDF of 72 x 72 points, written by hand (poppler rebuilds its missing xref). */
const ONE_PAGE_PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >> endobj',
  'trailer << /Root 1 0 R >>',
  '%%EOF',
  '',
].join('\n');

describe('runPoppler', () => {
  const pdf = async () => {
    const file = path.join(await tempDir(), 'one-page.pdf');
    await writeFile(file, ONE_PAGE_PDF);
    return file;
  };
  const info = (file: string, overrides: { timeoutMs?: number; maxOutputBytes?: number } = {}) =>
    runPoppler({
      tool: 'pdfinfo',
      args: [file],
      file,
      timeoutMs: overrides.timeoutMs ?? 30_000,
      maxOutputBytes: overrides.maxOutputBytes ?? 1024 * 1024,
    });

  it('returns what the tool prints', async () => {
    const output = (await info(await pdf())).toString('utf8');
    expect(output).toMatch(/^Pages:\s+1$/m);
    expect(output).toMatch(/^Page size:\s+72 x 72 pts$/m);
  });

  it('blames the file when poppler cannot read it, with its last words', async () => {
    const file = path.join(await tempDir(), 'not-a.pdf');
    await writeFile(file, 'not a pdf\n');
    const error = await info(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadImageError);
    expect((error as Error).message).toContain(`${file}: not a readable PDF (pdfinfo: `);
  });

  it('stops a tool that prints more than allowed and blames the file', async () => {
    const error = await info(await pdf(), { maxOutputBytes: 10 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BadImageError);
    expect((error as Error).message).toContain('pdfinfo output exceeds 10 bytes');
  });

  it('stops a tool that outlives its timeout, as a failure worth retrying', async () => {
    // A named pipe nobody writes to: pdfinfo waits on it for ever.
    const fifo = path.join(await tempDir(), 'never.pdf');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const error = await info(fifo, { timeoutMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OcrProcessError);
    expect((error as Error).message).toContain('pdfinfo timed out or was killed (timeout)');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says to install poppler-utils when the tool is missing', async () => {
    const file = await pdf();
    const searched = process.env.PATH;
    process.env.PATH = path.dirname(file);
    try {
      await expect(info(file)).rejects.toThrow('pdfinfo not found: install poppler-utils');
    } finally {
      process.env.PATH = searched;
    }
  });
});
