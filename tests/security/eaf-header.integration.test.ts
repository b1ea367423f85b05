import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { annotationsExportCommand } from '../../src/entry/cli/commands/annotations-export-command.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { annotationsToEaf, parseEaf, serializeEaf } from '../../src/formats/index.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { heritageAgent } from '../../src/infra/package/heritage-version.js';
import { corpusEaf, isolatedSettings, recordingOutput } from '../support/annotation-archive.js';
import { corpusMissing } from '../support/corpus.js';
import { itWithCorpus } from '../support/corpus-tests.js';
import { toneFlac, writeDeposit } from '../support/deposit.js';
import { makeTempDir } from '../support/redis.js';

const properties = `
        <PROPERTY NAME="URN">urn:nl-mpi-tools-elan-eaf:5d1c2f8e-1234</PROPERTY>
        <PROPERTY NAME="lastUsedAnnotationId">1</PROPERTY>
        <PROPERTY NAME="fieldwork:session">2019-04 Cao Bằng, Linh &amp; Hoa</PROPERTY>`;

/** An ELAN document as a linguist's tool may write it: empty AUTHOR, properties of its own. */
const eaf = (date: string, tier: string) => `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="${date}" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///song.flac" MIME_TYPE="audio/x-flac" RELATIVE_MEDIA_URL="./song.flac"/>${properties}
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="${tier}" TIER_ID="${tier}">
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
                <ANNOTATION_VALUE>then ơi</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="${tier}" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
`;
const dated = '2019-04-02T10:00:00+07:00';

const schemaFile = corpusEaf('EAFv3.0.xsd');

async function validateAgainstEaf30(xml: string) {
  const schema = { fileName: 'EAFv3.0.xsd', contents: await readFile(schemaFile, 'utf8') };
  const result = await validateXML({ xml: { fileName: 'export.eaf', contents: xml }, schema });
  return { valid: result.valid, errors: result.errors.slice(0, 3).map((e) => e.rawMessage) };
}

/** The root's attributes and the header's properties, in document order. */
function header(xml: string) {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as Element;
  const attributes = Object.fromEntries(
    Array.from(root.attributes).map((attribute) => [attribute.name, attribute.value]),
  );
  const props = Array.from(root.getElementsByTagName('PROPERTY')).map((property) => [
    property.getAttribute('NAME'),
    property.textContent,
  ]);
  return { attributes, properties: props };
}

const sourceProperties = [
  ['URN', 'urn:nl-mpi-tools-elan-eaf:5d1c2f8e-1234'],
  ['lastUsedAnnotationId', '1'],
  ['fieldwork:session', '2019-04 Cao Bằng, Linh & Hoa'],
];

describe('an ELAN document exported again keeps its header', () => {
  let settings: Settings;
  let folder: string;
  const cleanups: (() => Promise<void>)[] = [];
  const exportEaf = async (itemId: string) => {
    const file = path.join(folder, `${itemId}.export.eaf`);
    const output = recordingOutput();
    await annotationsExportCommand(itemId, { format: 'eaf', output: file }, settings, output);
    return { xml: await readFile(file, 'utf8'), output };
  };

  beforeAll(async () => {
    const isolated = await isolatedSettings('pglite');
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    const deposit = await makeTempDir('eaf-header');
    cleanups.push(deposit.remove);
    folder = deposit.dir;
    for (const name of ['song', 'undated', 'gestures'])
      await toneFlac(path.join(folder, `${name}/${name}.flac`), 2);
    await writeDeposit(folder, {
      'song/song.eaf': eaf(dated, 'transcription'),
      'undated/undated.eaf': eaf('', 'transcription'),
      // A tier whose name says nothing of its type: read into no annotation.
      'gestures/gestures.eaf': eaf(dated, 'gestures'),
    });
    const code = await ingestCommand(folder, { collection: 'elan' }, settings, recordingOutput());
    expect(code).toBe(0);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('gives back AUTHOR="" and every PROPERTY as they went in, with its own mark in a PROPERTY', async () => {
    const { xml } = await exportEaf('song-song');
    const exported = header(xml);
    expect(exported.attributes).toMatchObject({
      AUTHOR: '',
      DATE: dated,
      FORMAT: '3.0',
      VERSION: '3.0',
    });
    expect(exported.properties).toEqual([
      ...sourceProperties,
      ['heritage:exported-by', heritageAgent],
    ]);
  });

  itWithCorpus('validates against the EAF 3.0 schema', async () => {
    expect(await validateAgainstEaf30((await exportEaf('song-song')).xml)).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('repairs an empty DATE the schema refuses, keeps the old value in a PROPERTY and says so', async () => {
    const { xml, output } = await exportEaf('undated-undated');
    const exported = header(xml);
    expect(exported.attributes.AUTHOR).toBe('');
    expect(exported.attributes.DATE).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(exported.properties).toEqual([
      ...sourceProperties,
      ['heritage:exported-by', heritageAgent],
      ['heritage:original-date', ''],
    ]);
    expect(output.results[0]).toMatchObject({
      repairs: [{ attribute: 'DATE', from: '', to: exported.attributes.DATE }],
    });
    expect(output.errors.join('\n')).toMatch(/changed DATE "" to "/);
    if (!corpusMissing) expect((await validateAgainstEaf30(xml)).valid).toBe(true);
  });

  it('is built on the deposited document even when none of its tiers became annotations', async () => {
    const { xml, output } = await exportEaf('gestures-gestures');
    expect(output.results[0]).toMatchObject({ basedOn: 'originals/gestures/gestures.eaf' });
    expect(header(xml).attributes.AUTHOR).toBe('');
    expect(xml).toContain('TIER_ID="gestures"');
  });

  it('marks itself once, however often a document goes out and comes back', () => {
    const source = parseEaf(eaf(dated, 'transcription'), { sourceName: 'song.eaf' });
    const once = annotationsToEaf(source, [], { asset: 'a', exportedBy: 'heritage 0.1.0' });
    const again = annotationsToEaf(
      parseEaf(serializeEaf(once.document), { sourceName: 'song.eaf' }),
      [],
      { asset: 'a', exportedBy: 'heritage 0.2.0' },
    );
    expect(header(serializeEaf(again.document)).properties).toEqual([
      ...sourceProperties,
      ['heritage:exported-by', 'heritage 0.2.0'],
    ]);
  });
});
