/**
 * An archive for the `unlabelled` export config, made by the real ingest from recordings
 * of known layout: a tone where someone "speaks", digital silence in the pauses. What
 * the export must find is then known exactly, without trusting the detector under test.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { openArchive } from '../../src/archive/archive.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { writeDeposit } from './deposit.js';
import { commitAnnotations, silentOutput } from './export-archive.js';
import { makeTempDir } from './redis.js';
import { openTestArchive } from './test-archive.js';

const run = promisify(execFile);

/** Seconds [start, end] of tone in a recording; silence elsewhere. */
export type ToneLayout = { seconds: number; tones: [number, number][] };

/** Four phrases: 5 s, 25 s (cut in two), 1 s (too short) and 3 s. */
export const phrases: ToneLayout = {
  seconds: 40.5,
  tones: [
    [1, 6],
    [7.5, 32.5],
    [33.5, 34.5],
    [35.5, 38.5],
  ],
};
/** One 12 s phrase; in `u-partial` its seconds 4-6 are transcribed. */
export const onePhrase: ToneLayout = { seconds: 14, tones: [[1, 13]] };
export const transcribedSpan = { startMs: 4000, endMs: 6000 } as const;

/** id, consent uses, withdrawn, contributors, layout, transcribed. */
const rows = [
  ['u-open', 'archive; ml-training', 'no', 'Bà Hoa:singer', phrases, false],
  ['u-partial', 'archive; ml-training', 'no', 'Anh Tú:singer', onePhrase, true],
  ['u-other', 'archive; ml-training', 'no', 'Chị Mai:singer', onePhrase, false],
  ['u-research', 'archive; research', 'no', 'Bà Lan:singer', phrases, false],
  ['u-withdrawn', 'archive; ml-training', 'yes', 'Ông Sỹ:singer', phrases, false],
] as const;

export const layoutOf = Object.fromEntries(rows.map((row) => [row[0], row[4]])) as Record<
  string,
  ToneLayout
>;

export interface UnlabelledArchive {
  settings: Settings;
  /** Items whose consent allows ML training. */
  allowed: string[];
  /** Items that must give no clip (consent without ML training, or withdrawn). */
  forbidden: string[];
  cleanup(): Promise<void>;
}

/** A FLAC of `layout`: a 300 Hz tone at -10 dBFS inside the tones, zeros elsewhere. */
async function layoutFlac(file: string, layout: ToneLayout): Promise<void> {
  const voiced = layout.tones.map(([from, to]) => `between(t,${from},${to})`).join('+');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `aevalsrc=exprs='if(${voiced},0.3*sin(2*PI*300*t),0)':s=16000:d=${layout.seconds}`,
    '-c:a',
    'flac',
    file,
  ]);
}

export async function buildUnlabelledArchive(): Promise<UnlabelledArchive> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };
  try {
    const deposit = await makeTempDir('unlabelled-deposit');
    cleanups.push(deposit.remove);
    const { settings, cleanup: removeArchive } = await openTestArchive('pglite');
    cleanups.push(removeArchive);
    const header =
      'id,title,languages,genre,date,access,consent,consent_withdrawn,contributors,licence,files';
    const lines = rows.map(
      ([id, consent, withdrawn, contributors]) =>
        `${id},Song ${id},tyz,then,1998,open,${consent},${withdrawn},${contributors},CC0-1.0,${id}.flac`,
    );
    await writeDeposit(deposit.dir, { 'items.csv': `${[header, ...lines].join('\n')}\n` });
    for (const [id, , , , layout] of rows)
      await layoutFlac(path.join(deposit.dir, `${id}.flac`), layout);
    const problems: string[] = [];
    const code = await ingestCommand(
      deposit.dir,
      { manifest: path.join(deposit.dir, 'items.csv'), collection: 'tay-test' },
      settings,
      {
        ...silentOutput(),
        line: (line = '') => problems.push(line),
        error: (line: string) => problems.push(line),
      },
    );
    if (code !== 0)
      throw new Error(`the test deposit did not ingest (exit ${code}): ${problems.join('; ')}`);
    const archive = await openArchive(settings);
    try {
      for (const [id, , , , , transcribed] of rows)
        if (transcribed)
          await commitAnnotations(archive, id, [
            {
              anchor: { kind: 'time', asset: `originals/${id}.flac`, ...transcribedSpan },
              type: 'transcription',
              value: 'Then ơi, then ma bản slí',
              language: 'tyz',
              author: 'Test Linguist',
              created: '2024-05-01T00:00:00Z',
            },
          ]);
    } finally {
      await archive.close();
    }
    return {
      settings,
      allowed: ['u-open', 'u-other', 'u-partial'],
      forbidden: ['u-research', 'u-withdrawn'],
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
