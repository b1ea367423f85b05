import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { annotationsExportCommand } from '../../../src/entry/cli/commands/annotations-export-command.js';
import { annotationsImportCommand } from '../../../src/entry/cli/commands/annotations-import-command.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import { serializeTextGrid, type TimedTier } from '../../../src/formats/index.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import {
  corpusEaf,
  isolatedSettings,
  recordingOutput,
  silentFlac,
} from '../../support/annotation-archive.js';
import { corpusMissing } from '../../support/corpus.js';
import { makeTempDir } from '../../support/redis.js';

/** An ELAN document with tiers, types, a constraint, a media descriptor and a URN, but no annotations. */
const emptyEaf = `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="Linh" DATE="2024-03-01T09:00:00+07:00" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///field/empty.flac" MIME_TYPE="audio/flac" RELATIVE_MEDIA_URL="./empty.flac"/>
        <PROPERTY NAME="URN">urn:nl-mpi-tools-elan-eaf:5b7f3c1e-2a4d-4e8f-9c6b-1d2e3f4a5b6c</PROPERTY>
    </HEADER>
    <TIME_ORDER/>
    <TIER LINGUISTIC_TYPE_REF="utterance" PARTICIPANT="Bà Then" TIER_ID="lời then"/>
    <TIER LINGUISTIC_TYPE_REF="words" PARENT_REF="lời then" TIER_ID="words"/>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Subdivision" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="words" TIME_ALIGNABLE="false"/>
    <CONSTRAINT DESCRIPTION="Time subdivision of parent annotation's time interval, no time gaps allowed within this interval" STEREOTYPE="Time_Subdivision"/>
    <CONSTRAINT DESCRIPTION="Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered" STEREOTYPE="Symbolic_Subdivision"/>
</ANNOTATION_DOCUMENT>
`;

/** Three TextGrid tiers named "words" over the same spans. */
const sameNameTiers: TimedTier[] = ['một', 'hai', 'ba'].map((word) => ({
  name: 'words',
  kind: 'interval',
  segments: [
    { startMs: 0, endMs: 1000, text: `${word} a` },
    { startMs: 1000, endMs: 2000, text: `${word} b` },
  ],
}));

describe('an import reports what it did with every tier', () => {
  let settings: Settings;
  let work: string;
  const cleanups: (() => Promise<void>)[] = [];

  const importFile = async (itemId: string, name: string, content: string | Buffer) => {
    const file = path.join(work, name);
    await writeFile(file, content);
    const output = recordingOutput();
    const lines: string[] = [];
    output.line = (text = '') => lines.push(text);
    const code = await annotationsImportCommand(itemId, file, { author: 'Linh' }, settings, output);
    return { code, result: output.results[0] as Record<string, unknown>, lines };
  };

  beforeAll(async () => {
    const isolated = await isolatedSettings('pglite');
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    const deposit = await makeTempDir('import-report-deposit');
    cleanups.push(deposit.remove);
    const workDir = await makeTempDir('import-report-work');
    cleanups.push(workDir.remove);
    work = workDir.dir;
    await silentFlac(path.join(deposit.dir, 'words.flac'), 10);
    await silentFlac(path.join(deposit.dir, 'captions.flac'), 10);
    await silentFlac(path.join(deposit.dir, 'empty.flac'), 10);
    await ingestCommand(
      deposit.dir,
      { collection: 'report', wait: false, workers: false },
      settings,
      recordingOutput(),
    );
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('adds every interval of three same-name TextGrid tiers and says "6 new"', async () => {
    const { code, result, lines } = await importFile(
      'words',
      'words.TextGrid',
      serializeTextGrid(sameNameTiers),
    );
    expect(code).toBe(0);
    expect(result).toMatchObject({ changed: true, read: 6, added: 6, edited: 0 });
    expect(result.tiers).toEqual([
      { tier: 'words', read: 2, added: 2, superseded: 0, unchanged: 0, skipped: [] },
      {
        tier: 'words',
        tierOccurrence: 2,
        read: 2,
        added: 2,
        superseded: 0,
        unchanged: 0,
        skipped: [],
      },
      {
        tier: 'words',
        tierOccurrence: 3,
        read: 2,
        added: 2,
        superseded: 0,
        unchanged: 0,
        skipped: [],
      },
    ]);
    expect(lines[0]).toMatch(/6 annotations read, 6 new, 0 edited, 0 unchanged/);
    expect(lines).toContain(
      '  tier "words" (number 2 of that name): 2 read, 2 added, 0 superseded, 0 unchanged',
    );
    const again = await importFile('words', 'words.TextGrid', serializeTextGrid(sameNameTiers));
    expect(again.result).toMatchObject({ changed: false, added: 0, unchanged: 6 });
  });

  it("loads a converter's WebVTT with header lines, and reports what it passed over and skipped", async () => {
    const vtt = [
      'WEBVTT',
      'Kind: captions',
      'Language: en-GB',
      '',
      '00:00:01.000 --> 00:00:02.000 align:start align:end',
      'hello',
      '',
      '00:00:04.000 --> 00:00:03.000',
      'backwards',
      '',
    ].join('\n');
    const { code, result } = await importFile('captions', 'captions.vtt', vtt);
    expect(code).toBe(0);
    expect(result).toMatchObject({ changed: true, read: 1, added: 1 });
    expect(result.tiers).toEqual([
      {
        tier: 'cues',
        read: 1,
        added: 1,
        superseded: 0,
        unchanged: 0,
        skipped: [{ reason: 'its time span ends before it starts', count: 1 }],
      },
    ]);
    expect((result.ignored as { line: number }[]).map((part) => part.line)).toEqual([2, 3, 5, 8]);
  });

  it('keeps an ELAN document with tiers and no annotations, and the export re-creates it', async () => {
    const { code, result } = await importFile('empty', 'empty.eaf', emptyEaf);
    expect(code).toBe(0);
    expect(result).toMatchObject({
      changed: true,
      read: 0,
      documentPath: 'originals/annotations/empty.eaf',
    });
    const file = path.join(work, 'empty-export.eaf');
    const output = recordingOutput();
    await annotationsExportCommand('empty', { format: 'eaf', output: file }, settings, output);
    expect(output.results[0]).toMatchObject({ basedOn: 'originals/annotations/empty.eaf' });
    const xml = await readFile(file, 'utf8');
    const document = new DOMParser().parseFromString(xml, 'text/xml');
    const attributes = (name: string, attribute: string) =>
      Array.from(document.getElementsByTagName(name)).map((element) =>
        element.getAttribute(attribute),
      );
    expect(attributes('TIER', 'TIER_ID')).toEqual(['lời then', 'words']);
    expect(attributes('LINGUISTIC_TYPE', 'CONSTRAINTS')).toEqual([null, 'Symbolic_Subdivision']);
    expect(attributes('CONSTRAINT', 'STEREOTYPE')).toEqual([
      'Time_Subdivision',
      'Symbolic_Subdivision',
    ]);
    expect(attributes('MEDIA_DESCRIPTOR', 'MEDIA_URL')).toEqual(['file:///field/empty.flac']);
    expect(xml).toContain('urn:nl-mpi-tools-elan-eaf:5b7f3c1e-2a4d-4e8f-9c6b-1d2e3f4a5b6c');
    // The EAF 3.0 schema is a corpus file: checked where the corpus is present (CI).
    if (corpusMissing) return;
    const validation = await validateXML({
      xml: { fileName: 'export.eaf', contents: xml },
      schema: {
        fileName: 'EAFv3.0.xsd',
        contents: await readFile(corpusEaf('EAFv3.0.xsd'), 'utf8'),
      },
    });
    expect(validation.errors.map((error) => error.rawMessage)).toEqual([]);
  });
});
