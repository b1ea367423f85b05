import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { DOMParser, type Element } from '@xmldom/xmldom';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { readAnnotationsDocument } from '../../../src/archive/annotations-document.js';
import { type Archive, openArchive } from '../../../src/archive/archive.js';
import { annotationsAddCommand } from '../../../src/entry/cli/commands/annotations-add-command.js';
import { annotationsExportCommand } from '../../../src/entry/cli/commands/annotations-export-command.js';
import { annotationsHistoryCommand } from '../../../src/entry/cli/commands/annotations-history-command.js';
import { annotationsImportCommand } from '../../../src/entry/cli/commands/annotations-import-command.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import {
  vocabularyExportCommand,
  vocabularyImportCommand,
} from '../../../src/entry/cli/commands/vocabulary-command.js';
import { searchAnnotations } from '../../../src/infra/catalog/annotation-queries.js';
import { searchCatalog } from '../../../src/infra/catalog/item-queries.js';
import { saveOcrPages } from '../../../src/infra/catalog/ocr-rows.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import { MetadataPath } from '../../../src/model/item-record.js';
import { reindexCatalog } from '../../../src/usecases/reindex/reindex.js';
import {
  corpusEaf,
  isolatedSettings,
  recordingOutput,
  silentFlac,
} from '../../support/annotation-archive.js';
import { describeWithCorpus } from '../../support/corpus-tests.js';
import { writeDeposit } from '../../support/deposit.js';
import { makeTempDir } from '../../support/redis.js';

const ritualCsv = new URL('../../fixtures/annotations/ritual-vocabulary.csv', import.meta.url);
/** The corpus documents' tiers whose names say nothing of their content. */
const gestureTiers = ['gestures=note', 'gest_included=note'];

async function validateAgainstEaf30(xml: string) {
  const schema = {
    fileName: 'EAFv3.0.xsd',
    contents: await readFile(corpusEaf('EAFv3.0.xsd'), 'utf8'),
  };
  const result = await validateXML({ xml: { fileName: 'export.eaf', contents: xml }, schema });
  return { valid: result.valid, errors: result.errors.slice(0, 3).map((e) => e.rawMessage) };
}

const dom = (xml: string | Buffer) => new DOMParser().parseFromString(xml.toString(), 'text/xml');
const elements = (xml: string | Buffer, name: string) =>
  Array.from(dom(xml).getElementsByTagName(name));
/** Every annotation of a document: id and value, in document order. */
const annotationsOf = (xml: string | Buffer) =>
  elements(xml, 'ANNOTATION').map((wrapper) => {
    const inner = wrapper.getElementsByTagName('*')[0];
    return [
      inner?.getAttribute('ANNOTATION_ID'),
      inner?.getElementsByTagName('ANNOTATION_VALUE')[0]?.textContent,
    ];
  });

describeWithCorpus('a linguist works on the ELAN corpus documents from the command line', () => {
  let settings: Settings;
  let archive: Archive;
  let work: string;
  const cleanups: (() => Promise<void>)[] = [];
  const head = async (itemId: string) => (await archive.objects.getInventory(itemId)).head;
  const rowCount = async (itemId: string) => {
    const [row] = await archive.catalog.query<{ count: string }>(
      'SELECT count(*) AS count FROM annotations WHERE item_id = $1',
      [itemId],
    );
    return Number(row?.count);
  };
  const exportEaf = async (itemId: string, file: string) => {
    const output = recordingOutput();
    await annotationsExportCommand(itemId, { format: 'eaf', output: file }, settings, output);
    return { xml: await readFile(file, 'utf8'), output };
  };
  /** Imports an ELAN document as `author`, reading the gesture tiers as notes. */
  const importEaf = async (itemId: string, file: string, author: string) => {
    const output = recordingOutput();
    const code = await annotationsImportCommand(
      itemId,
      file,
      { author, tierType: gestureTiers },
      settings,
      output,
    );
    return { code, result: output.results[0] };
  };
  /** Adds a ritual annotation by Linh to the EAF 3.0 item. */
  const addRitual = (options: Record<string, unknown>) =>
    annotationsAddCommand(
      'elan-30',
      { type: 'ritual', author: 'Linh', ...options },
      settings,
      recordingOutput(),
    );

  beforeAll(async () => {
    // PostgreSQL: the test reads the catalog while the commands write it (PGlite is one process's).
    const isolated = await isolatedSettings('postgres');
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    const deposit = await makeTempDir('annotations-deposit');
    cleanups.push(deposit.remove);
    const workDir = await makeTempDir('annotations-work');
    cleanups.push(workDir.remove);
    work = workDir.dir;
    // The corpus documents run to 1,199 s: twenty minutes of silence, a few kilobytes.
    await silentFlac(path.join(deposit.dir, 'elan-30.flac'), 1200);
    await silentFlac(path.join(deposit.dir, 'elan-27.flac'), 1200);
    await writeDeposit(deposit.dir, {
      'page.png': await sharp({
        create: { width: 200, height: 100, channels: 3, background: '#fff' },
      })
        .png()
        .toBuffer(),
    });
    await ingestCommand(
      deposit.dir,
      { collection: 'corpus', wait: false, workers: false },
      settings,
      recordingOutput(),
    );
    archive = await openArchive(settings);
    cleanups.push(() => archive.close());
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('imports the EAF 3.0 corpus document with all 8,778 annotations, keeping its bytes', async () => {
    const { code, result } = await importEaf('elan-30', corpusEaf('sample_3.0.eaf'), 'archivist');
    expect(code).toBe(0);
    expect(result).toMatchObject({ changed: true, read: 8778, added: 8778, edited: 0 });
    expect((await readAnnotationsDocument(archive.objects, 'elan-30')).annotations).toHaveLength(
      8778,
    );
    expect(await rowCount('elan-30')).toBe(8778);
    const kept = await buffer(
      await archive.objects.readFile('elan-30', 'originals/annotations/sample_3.0.eaf'),
    );
    const original = await readFile(corpusEaf('sample_3.0.eaf'));
    expect(createHash('sha256').update(kept).digest('hex')).toBe(
      createHash('sha256').update(original).digest('hex'),
    );
    const events = await text(await archive.objects.readFile('elan-30', MetadataPath.events));
    const last = JSON.parse(events.trim().split('\n').at(-1) ?? '{}');
    expect(last).toMatchObject({ type: 'annotation change', agent: 'archivist' });
  });

  it('exports it back as valid EAF 3.0 with the same annotations', async () => {
    const { xml } = await exportEaf('elan-30', path.join(work, 'elan-30.eaf'));
    expect(await validateAgainstEaf30(xml)).toEqual({ valid: true, errors: [] });
    const original = await readFile(corpusEaf('sample_3.0.eaf'));
    expect(annotationsOf(xml)).toEqual(annotationsOf(original));
  });

  it('keeps the collection vocabulary in storage, and refuses annotations that do not fit', async () => {
    expect(
      await vocabularyImportCommand(
        'corpus',
        fileURLToPath(ritualCsv),
        { author: 'archivist' },
        settings,
        recordingOutput(),
      ),
    ).toBe(0);
    const exported = path.join(work, 'terms.csv');
    await vocabularyExportCommand(
      'corpus',
      { format: 'csv', output: exported },
      settings,
      recordingOutput(),
    );
    expect(await readFile(exported, 'utf8')).toBe(await readFile(ritualCsv, 'utf8'));

    const before = await head('elan-30');
    await expect(
      addRitual({ start: '1190', end: '1250', text: 'the ancestors leave', term: ['ritual'] }),
    ).rejects.toThrow(
      /\(anchor\.endMs\): ends at 1250000 ms, after the end of the recording \(1200000 ms\)/,
    );
    await expect(addRitual({ start: '10', end: '20', text: 'x', term: ['dance'] })).rejects.toThrow(
      /\(terms\): "dance" is not a term of vocabulary/,
    );
    expect(await head('elan-30')).toBe(before);
  });

  it('adds ritual annotations and exports them as their own tiers with the vocabulary', async () => {
    expect(
      await addRitual({
        start: '12.5',
        end: '30',
        text: 'Then gọi tổ tiên',
        term: ['invocation'],
      }),
    ).toBe(0);
    expect(
      await addRitual({
        start: '40',
        end: '55',
        text: 'dâng rượu và gạo',
        term: ['offering'],
        language: 'vie',
      }),
    ).toBe(0);
    expect(await rowCount('elan-30')).toBe(8780);

    const { xml } = await exportEaf('elan-30', path.join(work, 'elan-30-ritual.eaf'));
    expect(await validateAgainstEaf30(xml)).toEqual({ valid: true, errors: [] });
    expect(elements(xml, 'ANNOTATION')).toHaveLength(8780);
    const ritualTier = elements(xml, 'TIER').find(
      (tier) => tier.getAttribute('LINGUISTIC_TYPE_REF') === 'heritage-ritual',
    );
    expect(ritualTier?.getAttribute('ANNOTATOR')).toBe('Linh');
    const values = Array.from(ritualTier?.getElementsByTagName('ALIGNABLE_ANNOTATION') ?? []).map(
      (annotation: Element) => [
        annotation.getAttribute('CVE_REF'),
        annotation.getElementsByTagName('ANNOTATION_VALUE')[0]?.textContent,
      ],
    );
    expect(values).toEqual([
      ['invocation', 'Then gọi tổ tiên'],
      ['offering', 'dâng rượu và gạo'],
    ]);
    const vocabulary = elements(xml, 'CONTROLLED_VOCABULARY').find(
      (element) => element.getAttribute('CV_ID') === 'heritage-ritual-vocabulary',
    );
    expect(
      Array.from(vocabulary?.getElementsByTagName('CV_ENTRY_ML') ?? []).map((entry) =>
        entry.getAttribute('CVE_ID'),
      ),
    ).toEqual(['ritual', 'invocation', 'offering']);
  });

  it('imports its own export again without duplicates and without a new version', async () => {
    const before = await head('elan-30');
    const { result } = await importEaf(
      'elan-30',
      path.join(work, 'elan-30-ritual.eaf'),
      'someone else',
    );
    expect(result).toMatchObject({
      changed: false,
      read: 8780,
      added: 0,
      unchanged: 8780,
    });
    expect(await head('elan-30')).toBe(before);
    expect(await rowCount('elan-30')).toBe(8780);
  });

  it('takes an edit made in ELAN as a new version, and shows the superseded one in the history', async () => {
    const edited = path.join(work, 'elan-30-edited.eaf');
    const xml = await readFile(path.join(work, 'elan-30-ritual.eaf'), 'utf8');
    await writeFile(edited, xml.replace('Then gọi tổ tiên', 'Then mời tổ tiên về'));
    const { result } = await importEaf('elan-30', edited, 'Linh');
    expect(result).toMatchObject({
      changed: true,
      added: 0,
      edited: 1,
      unchanged: 8779,
    });

    const history = recordingOutput();
    await annotationsHistoryCommand('elan-30', {}, settings, history);
    const timeline = history.results[0] as {
      chains: { id: string; value: string; supersedes?: string }[][];
      versions: { version: string; user?: string }[];
      current: number;
      total: number;
    };
    expect(timeline.chains.map((chain) => chain.map((annotation) => annotation.value))).toEqual([
      ['Then gọi tổ tiên', 'Then mời tổ tiên về'],
    ]);
    expect(timeline.chains[0]?.[1]?.supersedes).toBe(timeline.chains[0]?.[0]?.id);
    expect({ current: timeline.current, total: timeline.total }).toEqual({
      current: 8780,
      total: 8781,
    });
    expect(timeline.versions.map((version) => version.user)).toEqual([
      'archivist',
      'Linh',
      'Linh',
      'Linh',
    ]);
    // The catalog keeps the superseded row, marked, and searches only the current one.
    const superseded = await archive.catalog.query<{ superseded_by: string }>(
      'SELECT superseded_by FROM annotations WHERE item_id = $1 AND id = $2',
      ['elan-30', timeline.chains[0]?.[0]?.id],
    );
    expect(superseded[0]?.superseded_by).toBe(timeline.chains[0]?.[1]?.id);
  });

  it('finds annotations by term (with narrower terms), type, words and time range', async () => {
    const values = (hits: { value: string }[]) => hits.map((hit) => hit.value);
    expect(values(await searchAnnotations(archive.catalog, { term: 'ritual' }))).toEqual([
      'Then mời tổ tiên về',
      'dâng rượu và gạo',
    ]);
    expect(values(await searchAnnotations(archive.catalog, { term: 'offering' }))).toEqual([
      'dâng rượu và gạo',
    ]);
    expect(
      values(
        await searchAnnotations(archive.catalog, {
          type: 'ritual',
          startMs: 35_000,
          endMs: 41_000,
        }),
      ),
    ).toEqual(['dâng rượu và gạo']);
    expect(values(await searchAnnotations(archive.catalog, { words: 'DANG RUOU' }))).toEqual([
      'dâng rượu và gạo',
    ]);
    expect(values(await searchAnnotations(archive.catalog, { words: 'goi to tien' }))).toEqual([]);
  });

  it('imports the EAF 2.7 corpus document and exports it as valid EAF 3.0', async () => {
    const { result } = await importEaf('elan-27', corpusEaf('sample_2.7.eaf'), 'archivist');
    expect(result).toMatchObject({ changed: true, read: 8778, added: 8778 });
    expect(await rowCount('elan-27')).toBe(8778);
    const { xml } = await exportEaf('elan-27', path.join(work, 'elan-27.eaf'));
    expect(await validateAgainstEaf30(xml)).toEqual({ valid: true, errors: [] });
    expect(annotationsOf(xml)).toEqual(annotationsOf(await readFile(corpusEaf('sample_2.7.eaf'))));
  });

  it('lets a whole-page correction stand in for the OCR text of that page', async () => {
    await saveOcrPages(archive.catalog, 'page', 'originals/page.png', [
      { page: 1, text: 'Pỉ noọng lồng slam', meanConfidence: 61, needsReview: true },
    ]);
    const corrected = async () =>
      (
        await archive.catalog.query<{ corrected_text: string | null }>(
          'SELECT corrected_text FROM ocr_pages WHERE item_id = $1',
          ['page'],
        )
      )[0]?.corrected_text;
    const output = recordingOutput();
    await annotationsAddCommand(
      'page',
      { type: 'correction', page: '1', text: 'Pỉ noọng lồng slam mừa chầu', author: 'Linh' },
      settings,
      output,
    );
    expect(await corrected()).toBe('Pỉ noọng lồng slam mừa chầu');
    expect((await searchCatalog(archive.catalog, 'mua chau')).map((hit) => hit.source)).toContain(
      'ocr',
    );

    await expect(
      annotationsAddCommand(
        'page',
        { type: 'correction', page: '1', region: '150,50,100,20', text: 'x', author: 'Linh' },
        settings,
        recordingOutput(),
      ),
    ).rejects.toThrow(
      /\(anchor\.width\): the region reaches x 250, beyond the page width of 200 px/,
    );
    // A correction of part of the page replaces the whole-page one: the OCR text is back.
    const { annotation } = output.results[0] as { annotation: { id: string } };
    await annotationsAddCommand(
      'page',
      { supersedes: annotation.id, page: '1', region: '0,0,100,20', author: 'Linh' },
      settings,
      recordingOutput(),
    );
    expect(await corrected()).toBeNull();
  });

  it('rebuilds annotation rows and the vocabulary from storage alone', async () => {
    const snapshot = () =>
      archive.catalog.query(
        `SELECT item_id, id, type, value, terms, author, supersedes, superseded_by, start_ms, end_ms, page, language
           FROM annotations WHERE item_id IN ('elan-30', 'page') ORDER BY item_id, id`,
      );
    const before = await snapshot();
    const report = await reindexCatalog(archive);
    expect(report).toMatchObject({ items: 3, vocabularies: 1, skipped: [] });
    expect(await snapshot()).toEqual(before);
    expect(values(await searchAnnotations(archive.catalog, { term: 'ritual' }))).toHaveLength(2);
  });

  it('records a document a recogniser made as machine text, naming the tool', async () => {
    const vtt = path.join(work, 'recognised.vtt');
    await writeFile(
      vtt,
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nmáy nghe câu một\n\n00:00:03.000 --> 00:00:04.000\nmáy nghe câu hai\n',
    );
    const before = (await readAnnotationsDocument(archive.objects, 'elan-27')).annotations.length;
    const empty = recordingOutput();
    await expect(
      annotationsImportCommand(
        'elan-27',
        vtt,
        { madeBy: ' ', asset: 'originals/elan-27.flac' },
        settings,
        empty,
      ),
    ).rejects.toThrow(/--made-by: name the tool and its version/);
    const code = await annotationsImportCommand(
      'elan-27',
      vtt,
      { author: 'Linh', madeBy: 'whisper large-v3', asset: 'originals/elan-27.flac' },
      settings,
      recordingOutput(),
    );
    expect(code).toBe(0);
    const added = (await readAnnotationsDocument(archive.objects, 'elan-27')).annotations.slice(
      before,
    );
    expect(added.map((annotation) => [annotation.value, annotation.origin])).toEqual([
      ['máy nghe câu một', { kind: 'machine', tool: 'whisper large-v3' }],
      ['máy nghe câu hai', { kind: 'machine', tool: 'whisper large-v3' }],
    ]);
  });
});

const values = (hits: { value: string }[]) => hits.map((hit) => hit.value);
