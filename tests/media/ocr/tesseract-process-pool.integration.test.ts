import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type LanguageDataFile,
  requireOcrLanguageData,
} from '../../../src/media/ocr/language-data.js';
import type { TesseractPool } from '../../../src/media/ocr/tesseract-pool.js';
import { startTesseractProcessPool } from '../../../src/media/ocr/tesseract-process-pool.js';

/** tesseract.js workers in child processes of their own: real processes, real engine. */
describe('startTesseractProcessPool', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const englishData = () => requireOcrLanguageData('eng', { orientation: false });

  async function startPool(
    size: number,
    languageData: LanguageDataFile[],
    recycleAboveBytes?: number,
  ): Promise<TesseractPool> {
    const pool = await startTesseractProcessPool({
      languages: 'eng',
      languageData,
      engine: 'lstm',
      size,
      startTimeoutMs: 60_000,
      recycleAboveBytes,
    });
    cleanups.push(() => pool.close());
    return pool;
  }

  /** The pids of this process's tesseract.js children. */
  function childPids(): number[] {
    try {
      return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'tesseract-child'], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .map(Number);
    } catch {
      return []; // pgrep exits 1 when it finds none
    }
  }

  /** A grey image with one line of large black text, as a PGM, which is what the engine sends. */
  async function textImage(words: string): Promise<Buffer> {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="160"><rect width="100%" height="100%" fill="white"/><text x="30" y="100" font-family="DejaVu Sans" font-size="56">${words}</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg))
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`), data]);
  }

  it('reads pages in its children, several at once, and leaves none running once closed', async () => {
    const before = childPids();
    const pool = await startPool(2, await englishData());
    expect(childPids().length - before.length).toBe(2);
    const lines = ['heritage songs', 'river mountain', 'morning market'];
    const pages = await Promise.all(
      lines.map(async (line) =>
        pool.recognize(await textImage(line), {}, { text: true, hocr: true }),
      ),
    );
    pages.forEach((page, index) => {
      expect(page.text.trim().toLowerCase()).toBe(lines[index]);
      expect(page.hocr).toContain('ocrx_word');
    });
    await pool.close();
    expect(childPids()).toEqual(before);
    await expect(pool.recognize(await textImage('late'), {}, { text: true })).rejects.toThrow(
      'closed',
    );
  });

  it('replaces a child grown past its limit between pages, reading every page', async () => {
    const before = new Set(childPids());
    const ours = () => childPids().filter((pid) => !before.has(pid));
    // Every child passes a limit of one byte with its first page.
    const pool = await startPool(2, await englishData(), 1);
    const started = ours();
    expect(started).toHaveLength(2);
    const lines = ['heritage songs', 'river mountain', 'morning market', 'village drum'];
    const pages = await Promise.all(
      lines.map(async (line) => pool.recognize(await textImage(line), {}, { text: true })),
    );
    expect(pages.map((page) => page.text.trim().toLowerCase())).toEqual(lines);
    const later = await pool.recognize(await textImage('after the change'), {}, { text: true });
    expect(later.text.trim().toLowerCase()).toBe('after the change');
    // The pool keeps its size; the first children have ended once their pages were read.
    await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(2);
    expect(ours().some((pid) => started.includes(pid))).toBe(false);
    await pool.close();
    expect(ours()).toEqual([]);
  });

  it('ends a replaced child still reading a page, and its replacement, when closed', async () => {
    const before = new Set(childPids());
    const ours = () => childPids().filter((pid) => !before.has(pid));
    const pool = await startPool(1, await englishData(), 1);
    const [one, two] = await Promise.all([textImage('first page'), textImage('second page')]);
    // Both pages go to the one child, which reads them in order: the first answer has it
    // replaced while it reads the second.
    const first = pool.recognize(one, {}, { text: true });
    const second = pool.recognize(two, {}, { text: true });
    second.catch(() => {});
    await first;
    expect(ours()).toHaveLength(2);
    await pool.close();
    expect(ours()).toEqual([]);
  });

  it('fails every call, rather than waiting, once a child has died', async () => {
    const before = new Set(childPids());
    const pool = await startPool(2, await englishData());
    const [victim] = childPids().filter((pid) => !before.has(pid));
    process.kill(victim as number, 'SIGKILL');
    const image = await textImage('after the death');
    // The first call may reach the dead child before its end is heard of.
    await expect(pool.recognize(image, {}, { text: true })).rejects.toThrow(
      /a tesseract\.js process (ended|could not be reached)/,
    );
    await expect(pool.recognize(image, {}, { text: true })).rejects.toThrow(
      'a tesseract.js process ended',
    );
    await expect(pool.recognize(image, {}, { text: true })).rejects.toThrow(
      'a tesseract.js process ended',
    );
  });

  it('fails to start with the reason its child gave, leaving no child behind', async () => {
    const [english] = await englishData();
    const missing = { ...(english as LanguageDataFile), file: '/nonexistent/eng.traineddata.gz' };
    const before = childPids();
    await expect(startPool(2, [missing])).rejects.toThrow(/tesseract\.js worker/);
    expect(childPids()).toEqual(before);
  });

  it('ends its children when the process that started them is killed', async () => {
    const script = path.join(
      import.meta.dirname,
      '..',
      '..',
      'fixtures',
      'ocr',
      'start-tesseract-processes.ts',
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(async () => parent.kill('SIGKILL'));
    const [line] = (await once(createInterface({ input: parent.stdout as Readable }), 'line')) as [
      string,
    ];
    const { children } = JSON.parse(line) as { children: number[] };
    expect(children).toHaveLength(2);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    const alive = () =>
      children.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
    await expect.poll(alive, { timeout: 10_000, interval: 100 }).toEqual([]);
  });
});
