import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { toneWav } from '../../../support/deposit.js';
import { tempDir } from '../../../support/temp-dir.js';

const describer = path.resolve('tests/fixtures/ingest/describe-file.ts');
const recorder = path.resolve('tests/support/record-loaded-modules.mjs');

/** The technical metadata of `file` read in a fresh process, and the modules it loaded. */
async function describeInFreshProcess(file: string, kind: string, format: string) {
  const logFile = path.join(await tempDir('inspect-modules-'), 'modules.log');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--import', recorder, describer, file, kind, format],
    { env: { ...process.env, LOADED_MODULES_LOG: logFile } },
  );
  const modules = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
  return {
    metadata: JSON.parse(stdout) as Record<string, unknown>,
    loadsLibvips: modules.some((url) => url.includes('/node_modules/sharp/')),
  };
}

describe('reading technical metadata at ingest', () => {
  it('loads libvips for an image only, never for a recording', async () => {
    const folder = await tempDir('inspect-files-');
    const recording = path.join(folder, 'song.wav');
    await writeFile(recording, toneWav(1));
    const scan = path.join(folder, 'page.png');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } })
      .png()
      .toFile(scan);

    const heard = await describeInFreshProcess(recording, 'audio', 'wav');
    expect(heard.metadata).toMatchObject({ container: 'wav' });
    expect(heard.loadsLibvips).toBe(false);

    const seen = await describeInFreshProcess(scan, 'image', 'png');
    expect(seen.metadata).toMatchObject({ width: 40, height: 30, pages: 1 });
    expect(seen.loadsLibvips).toBe(true);
  });
});
