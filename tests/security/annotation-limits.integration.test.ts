import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/archive.js';
import { annotationsImportCommand } from '../../src/entry/cli/commands/annotations-import-command.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import {
  DocumentFormatError,
  parseEaf,
  parsePlainText,
  parseSrt,
  parseTextGrid,
  parseWebVtt,
} from '../../src/formats/index.js';
import { loadSettings } from '../../src/infra/config/load-settings.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { QueueName } from '../../src/jobs/names.js';
import { isolatedSettings, recordingOutput } from '../support/annotation-archive.js';
import { catchError } from '../support/catch-error.js';
import { toneFlac, writeDeposit } from '../support/deposit.js';
import { makeTempDir, testRedisUrl } from '../support/redis.js';

/** A long-form TextGrid with one interval tier; `end` is written as given. */
function textGrid(intervals: number, end = String(intervals)): string {
  const lines = [
    'File type = "ooTextFile"',
    'Object class = "TextGrid"',
    '',
    'xmin = 0',
    `xmax = ${end}`,
    'tiers? <exists>',
    'size = 1',
    'item []:',
    '    item [1]:',
    '        class = "IntervalTier"',
    '        name = "words"',
    '        xmin = 0',
    `        xmax = ${end}`,
    `        intervals: size = ${intervals}`,
  ];
  for (let index = 1; index <= intervals; index += 1) {
    const last = index === intervals;
    lines.push(
      `        intervals [${index}]:`,
      `            xmin = ${index - 1}`,
      `            xmax = ${last ? end : index}`,
      `            text = "word ${index}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const eaf = (slots: string, annotations: number) => `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00+07:00" FORMAT="3.0" VERSION="3.0">
<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
<TIME_ORDER>
${slots}
</TIME_ORDER>
<TIER LINGUISTIC_TYPE_REF="transcription" TIER_ID="transcription">
${Array.from(
  { length: annotations },
  (_, index) => `<ANNOTATION>
<ALIGNABLE_ANNOTATION ANNOTATION_ID="a${index}" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
<ANNOTATION_VALUE>word</ANNOTATION_VALUE>
</ALIGNABLE_ANNOTATION>
</ANNOTATION>`,
).join('\n')}
</TIER>
<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="transcription" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
`;
const twoSlots =
  '<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>\n<TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="500"/>';

const hugeHours = '9'.repeat(400);

describe('every transcript reader refuses times that are not finite, naming the file and line', () => {
  it('refuses a TextGrid time of 1e308 (Infinity in milliseconds)', () => {
    const error = catchError(() =>
      parseTextGrid(textGrid(2, '1e308'), { sourceName: 'song.TextGrid' }),
    );
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error.message).toMatch(/^song\.TextGrid \(line 5\): xmax is 1e308, expected seconds/);
  });

  it('refuses a TextGrid time past 49 days that would still be finite', () => {
    expect(() => parseTextGrid(textGrid(1, '1e20'), { sourceName: 'far.TextGrid' })).toThrow(
      /^far\.TextGrid \(line 5\): xmax is 1e20, expected seconds from 0 to 4294967\.295/,
    );
  });

  it('refuses a WebVTT timestamp whose hours overflow to Infinity', () => {
    const vtt = `WEBVTT\n\n00:00:00.500 --> 00:00:01.000\nfine\n\n00:00:01.000 --> ${hugeHours}:00:00.000\nforever\n`;
    expect(() => parseWebVtt(vtt, { sourceName: 'song.vtt' })).toThrow(
      /^song\.vtt \(line 6\): cue 2 has a timestamp later than 4294967295 ms/,
    );
  });

  it('refuses an SRT timestamp whose hours overflow to Infinity', () => {
    const srt = `1\n00:00:00,500 --> 00:00:01,000\nfine\n\n2\n${hugeHours}:00:00,000 --> ${hugeHours}:00:01,000\nforever\n`;
    expect(() => parseSrt(srt, { sourceName: 'song.srt' })).toThrow(
      /^song\.srt \(line 6, cue 2\): cue 2 has a timestamp later than 4294967295 ms/,
    );
  });

  it('refuses an EAF TIME_VALUE of 1e308', () => {
    const slots =
      '<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>\n<TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1e308"/>';
    expect(() => parseEaf(eaf(slots, 1), { sourceName: 'song.eaf' })).toThrow(
      /^song\.eaf \(line 6, TIME_VALUE\): time slot ts2 has TIME_VALUE "1e308"/,
    );
  });
});

describe('every transcript reader refuses more annotations than the limit, naming it', () => {
  const limit = { maxAnnotations: 3 };

  it('refuses a TextGrid tier whose size is over the limit at the size line, before reading it', () => {
    expect(() => parseTextGrid(textGrid(4), { sourceName: 'many.TextGrid', ...limit })).toThrow(
      /^many\.TextGrid \(line 14\): the document gives 4 annotations, more than the limit of 3 per document/,
    );
    expect(parseTextGrid(textGrid(3), { sourceName: 'ok.TextGrid', ...limit }).tiers).toHaveLength(
      1,
    );
  });

  it('refuses WebVTT, SRT, plain text and ELAN documents over the limit', () => {
    const cues = (arrow: string, comma: string) =>
      [1, 2, 3, 4]
        .map((n) => `${n}\n00:00:0${n}${comma}000 ${arrow} 00:00:0${n}${comma}500\ncue ${n}\n`)
        .join('\n');
    const over = /more than the limit of 3 per document/;
    expect(() =>
      parseWebVtt(`WEBVTT\n\n${cues('-->', '.')}`, { sourceName: 'm.vtt', ...limit }),
    ).toThrow(over);
    expect(() => parseSrt(cues('-->', ','), { sourceName: 'm.srt', ...limit })).toThrow(over);
    expect(() => parsePlainText('a\nb\nc\nd\n', { sourceName: 'm.txt', ...limit })).toThrow(over);
    expect(() => parseEaf(eaf(twoSlots, 4), { sourceName: 'm.eaf', ...limit })).toThrow(
      /^m\.eaf \(line 24\): the document gives 4 annotations, more than the limit of 3 per document/,
    );
  });
});

describe('the annotation limits are settings', () => {
  it('reads them from the environment, with defaults', () => {
    const defaults = loadSettings({ env: {} }).annotations;
    expect(defaults).toEqual({
      maxDocumentBytes: 32 * 1024 * 1024,
      maxAnnotationsPerDocument: 100_000,
    });
    const set = loadSettings({
      env: { HERITAGE_ANNOTATIONS_MAX_BYTES: '1000', HERITAGE_ANNOTATIONS_MAX_COUNT: '10' },
    }).annotations;
    expect(set).toEqual({ maxDocumentBytes: 1000, maxAnnotationsPerDocument: 10 });
  });
});

describe('hostile transcripts deposited or imported into the archive', () => {
  let settings: Settings;
  let folder: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const isolated = await isolatedSettings('pglite', {
      annotations: { maxDocumentBytes: 4096, maxAnnotationsPerDocument: 20 },
    });
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    const deposit = await makeTempDir('hostile-transcripts');
    cleanups.push(deposit.remove);
    folder = deposit.dir;
    await toneFlac(path.join(folder, 'infinite/infinite.flac'), 2);
    await writeDeposit(folder, { 'infinite/infinite.TextGrid': textGrid(2, '1e308') });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('fails the parse step of a TextGrid time of 1e308 for good at the first attempt, with the file and line', async () => {
    const code = await ingestCommand(
      folder,
      { collection: 'hostile' },
      settings,
      recordingOutput(),
    );
    expect(code).toBe(1);
    const archive = await openArchive(settings);
    try {
      const [item] = await archive.catalog.query<{ status_detail: string }>(
        'SELECT status_detail FROM items WHERE id = $1',
        ['infinite-infinite'],
      );
      expect(item?.status_detail).toMatch(
        /^parse-transcript originals\/infinite\/infinite\.TextGrid: infinite\/infinite\.TextGrid \(line 5\): xmax is 1e308/,
      );
    } finally {
      await archive.close();
    }
    const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(QueueName.Transcripts, { connection, prefix: settings.queuePrefix });
    try {
      const failed = await queue.getFailed();
      expect(failed.map((job) => [job.name, job.attemptsMade])).toEqual([['parse-transcript', 1]]);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('refuses to import a document over the size limit before reading it, naming the file and the setting', async () => {
    const file = path.join(folder, 'big.TextGrid');
    await writeFile(file, textGrid(200));
    const error = await annotationsImportCommand(
      'infinite-infinite',
      file,
      { author: 'Linh' },
      settings,
      recordingOutput(),
    ).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).toMatch(
      /^big\.TextGrid: document is \d+ bytes, more than the limit of 4096 bytes \(setting annotations\.maxDocumentBytes\)/,
    );
  });

  it('refuses to import a document over the annotation limit, naming the file and line', async () => {
    const file = path.join(folder, 'many.TextGrid');
    await writeFile(file, textGrid(21));
    const error = await annotationsImportCommand(
      'infinite-infinite',
      file,
      { author: 'Linh' },
      settings,
      recordingOutput(),
    ).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error?.message).toBe(
      'many.TextGrid (line 14): the document gives 21 annotations, more than the limit of 20 per document',
    );
  });

  it('refuses to import a TextGrid time of 1e308 with the file and line', async () => {
    const file = path.join(folder, 'forever.TextGrid');
    await writeFile(file, textGrid(2, '1e308'));
    const error = await annotationsImportCommand(
      'infinite-infinite',
      file,
      { author: 'Linh' },
      settings,
      recordingOutput(),
    ).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).toMatch(
      /^forever\.TextGrid \(line 5\): xmax is 1e308, expected seconds/,
    );
  });
});
