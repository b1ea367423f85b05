/**
 * The native tesseract command line, the baseline for OCR accuracy and speed. It reads
 * the very language data the engine uses: the npm packages' gzip'd traineddata,
 * unpacked into a temporary tessdata folder.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { requireOcrLanguageData } from '../../src/media/ocr/language-data.js';

const run = promisify(execFile);

export interface NativeTessdata {
  dir: string;
  remove(): Promise<void>;
}

/** Unpacks the npm language data for `languages` (and `osd`) into a temporary tessdata folder. */
export async function unpackNativeTessdata(languages: string): Promise<NativeTessdata> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heritage-tessdata-'));
  const files = await requireOcrLanguageData(languages, { orientation: true });
  for (const { language, file } of files) {
    await pipeline(
      createReadStream(file),
      createGunzip(),
      createWriteStream(path.join(dir, `${language}.traineddata`)),
    );
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Recognises one image with native tesseract, one thread (it thrashes on two cores
 * otherwise), page segmentation 1: automatic with orientation detection, as the engine does.
 */
export async function nativeTesseract(
  image: string,
  tessdata: NativeTessdata,
  languages: string,
): Promise<string> {
  const { stdout } = await run(
    'tesseract',
    ['--tessdata-dir', tessdata.dir, '-l', languages, '--psm', '1', image, '-'],
    { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}
