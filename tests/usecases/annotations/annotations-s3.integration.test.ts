import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { readAnnotationsDocument } from '../../../src/archive/annotations-document.js';
import { openArchive } from '../../../src/archive/archive.js';
import { annotationsAddCommand } from '../../../src/entry/cli/commands/annotations-add-command.js';
import { annotationsExportCommand } from '../../../src/entry/cli/commands/annotations-export-command.js';
import { annotationsImportCommand } from '../../../src/entry/cli/commands/annotations-import-command.js';
import { sampleCollectionFolder } from '../../../src/entry/cli/commands/demo-command.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import { reindexCatalog } from '../../../src/usecases/reindex/reindex.js';
import { corpusEaf, isolatedSettings, recordingOutput } from '../../support/annotation-archive.js';
import { itWithCorpus } from '../../support/corpus-tests.js';
import { makeTempDir } from '../../support/redis.js';
import { startS3rver } from '../../support/s3rver.js';

/** The archive is opened only between commands: PGlite serves one opener at a time. */
async function withArchive<T>(
  settings: Settings,
  work: (archive: Awaited<ReturnType<typeof openArchive>>) => Promise<T>,
) {
  const archive = await openArchive(settings);
  try {
    return await work(archive);
  } finally {
    await archive.close();
  }
}

describe('annotations of an item archived in S3, through WebVTT, TextGrid and ELAN', () => {
  let settings: Settings;
  let work: string;
  const cleanups: (() => Promise<void>)[] = [];
  const item = 'luon-002';
  let exportedEaf = '';
  const state = (archiveSettings: Settings) =>
    withArchive(archiveSettings, async (archive) => ({
      head: (await archive.objects.getInventory(item)).head,
      annotations: (await readAnnotationsDocument(archive.objects, item)).annotations,
    }));
  const roundTrip = async (format: string, edit?: (text: string) => string) => {
    const file = path.join(work, `${item}.${format}`);
    await annotationsExportCommand(item, { format, output: file }, settings, recordingOutput());
    if (edit) await writeFile(file, edit(await readFile(file, 'utf8')));
    const output = recordingOutput();
    await annotationsImportCommand(item, file, { author: 'Hoa' }, settings, output);
    return { file, result: output.results[0] as Record<string, unknown> };
  };

  beforeAll(async () => {
    const s3 = await startS3rver();
    cleanups.push(s3.stop);
    const isolated = await isolatedSettings('pglite', { s3: s3.settings });
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    const deposit = await makeTempDir('annotations-s3-deposit');
    cleanups.push(deposit.remove);
    const scratch = await makeTempDir('annotations-s3-work');
    cleanups.push(scratch.remove);
    work = scratch.dir;
    for (const name of ['luon-002.flac', 'luon-002.vtt'])
      await copyFile(path.join(sampleCollectionFolder(), name), path.join(deposit.dir, name));
    await ingestCommand(deposit.dir, { collection: 'songs' }, settings, recordingOutput());
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('reads the deposited WebVTT into annotations during ingest', async () => {
    const { annotations } = await state(settings);
    expect(annotations.map((annotation) => [annotation.type, annotation.value])).toEqual([
      ['transcription', 'Lượn slương slao pây kháy'],
      ['transcription', 'Bươn slam mừa thâng bản'],
    ]);
  });

  it('takes its own WebVTT, TextGrid and JSON exports back without duplicates or a new version', async () => {
    const before = await state(settings);
    expect((await roundTrip('vtt')).result).toMatchObject({ changed: false, added: 0 });
    expect((await roundTrip('textgrid')).result).toMatchObject({ changed: false, added: 0 });
    expect((await roundTrip('json')).result).toMatchObject({ changed: false, added: 0 });
    expect(await state(settings)).toEqual(before);
  });

  it('takes a cue edited in the WebVTT export as a new version of its annotation', async () => {
    const { result } = await roundTrip('vtt', (vtt) =>
      vtt.replace('Bươn slam mừa thâng bản', 'Bươn slam mừa thâng bản nả'),
    );
    expect(result).toMatchObject({ changed: true, added: 0, edited: 1 });
    const { annotations } = await state(settings);
    const edited = annotations.at(-1);
    expect(edited?.value).toBe('Bươn slam mừa thâng bản nả');
    expect(edited?.author).toBe('Hoa');
    expect(annotations.find((annotation) => annotation.id === edited?.supersedes)?.value).toBe(
      'Bươn slam mừa thâng bản',
    );
  });

  it('exports a new ELAN document for an item that had none, and takes it back unchanged', async () => {
    await annotationsAddCommand(
      item,
      { type: 'symbol', start: '0.4', end: '2.6', text: 'trăng: người yêu', author: 'Hoa' },
      settings,
      recordingOutput(),
    );
    const before = await state(settings);
    // WebVTT holds no types: the symbol comes back as a symbol by its cue id.
    expect((await roundTrip('vtt')).result).toMatchObject({ changed: false, added: 0 });
    const { file, result } = await roundTrip('eaf');
    exportedEaf = await readFile(file, 'utf8');
    expect(result).toMatchObject({ changed: false, added: 0, unchanged: 3 });
    expect(await state(settings)).toEqual(before);
  });

  itWithCorpus('exports that document valid against the EAF 3.0 schema', async () => {
    const validation = await validateXML({
      xml: { fileName: 'export.eaf', contents: exportedEaf },
      schema: {
        fileName: 'EAFv3.0.xsd',
        contents: await readFile(corpusEaf('EAFv3.0.xsd'), 'utf8'),
      },
    });
    expect(validation.valid).toBe(true);
  });

  it('rebuilds the annotation rows from the objects in S3', async () => {
    await withArchive(settings, async (archive) => {
      const rows = () =>
        archive.catalog.query('SELECT id, value, superseded_by FROM annotations ORDER BY id');
      const before = await rows();
      expect(before).toHaveLength(4);
      await reindexCatalog(archive);
      expect(await rows()).toEqual(before);
    });
  });
});
