import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { toneWav } from '../../../support/deposit.js';
import { runRecordingModules } from '../../../support/modules-loaded-by.js';
import { tempDir } from '../../../support/temp-dir.js';

const describer = path.resolve('tests/fixtures/ingest/describe-file.ts');

/** The technical metadata of `file` read in a fresh process, and the modules it loaded. */
async function describeInFreshProcess(file: string, kind: string, format: string) {
  const run = await runRecordingModules(describer, [file, kind, format]);
  if (run.code !== 0) throw new Error(`describe-file: exit ${run.code}\n${run.stderr}`);
  return {
    metadata: JSON.parse(run.stdout) as Record<string, unknown>,
    loadsLibvips: run.modules.some((url) => url.includes('/node_modules/sharp/')),
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
