/**
 * An archive for export tests, made by the real ingest (ffmpeg training copies,
 * finalise, catalog rows) from a manifest with items under every access protocol and
 * consent state, plus annotations made with the annotation model and committed as
 * `metadata/annotations.json` the way annotation imports store them.
 */
import path from 'node:path';
import { type Archive, openArchive } from '../../src/archive/archive.js';
import { readObjectText } from '../../src/archive/object-files.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../src/entry/cli/output.js';
import { createAnnotation, type NewAnnotation } from '../../src/formats/index.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { MetadataPath } from '../../src/model/item-record.js';
import { toneFlac, writeDeposit } from './deposit.js';
import { makeTempDir } from './redis.js';
import { openTestArchive } from './test-archive.js';

export const silentOutput = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);

/** Manifest rows: id, access, consent uses, withdrawn, contributors, licence, seconds of audio. */
const rows = [
  [
    'then-a',
    'open',
    'archive; ml-training',
    'no',
    'Bà Hoa:singer; Ông Sỹ:ritual_master',
    'CC-BY-4.0',
    4,
  ],
  [
    'then-b',
    'open',
    'archive; ml-training; name-attribution',
    'no',
    'Bà Hoa:singer',
    'CC-BY-4.0',
    4,
  ],
  ['luon-c', 'open', 'archive; ml-training', 'no', 'Anh Tú:singer', 'CC0-1.0', 4],
  ['luon-d', 'open', 'archive; ml-training', 'no', 'Chị Mai:singer', 'CC0-1.0', 4],
  ['then-community', 'community', 'archive; ml-training', 'no', 'Bà Hoa:singer', 'CC0-1.0', 4],
  [
    'then-secret',
    'secret-sacred',
    'archive; ml-training',
    'no',
    'Ông Sỹ:ritual_master',
    'CC0-1.0',
    4,
  ],
  ['then-withdrawn', 'open', 'archive; ml-training', 'yes', 'Bà Lan:singer', 'CC0-1.0', 4],
  ['then-no-ml', 'open', 'archive; research', 'no', 'Bà Lan:singer', 'CC0-1.0', 4],
] as const;

/** Transcription lines of every item's recording: start ms, end ms, text. */
export const transcriptLines = [
  [400, 1333, 'Then ơi, then ma bản slí'],
  [1501, 2707, 'Pỉ noọng lồng slam mừa chầu'],
  [2900, 3871, 'Tàn tính đeo ngòn pây slúng'],
] as const;

export interface ExportArchive {
  settings: Settings;
  /** Items that may be exported under the default request (open, consent to ML training). */
  exportable: string[];
  /** Items that must never appear (other protocols, withdrawn or missing consent). */
  forbidden: string[];
  cleanup(): Promise<void>;
}

/** Ingests the deposit and adds the annotations; `cleanup` removes every trace. */
export async function buildExportArchive(): Promise<ExportArchive> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };
  try {
    const deposit = await makeTempDir('export-deposit');
    cleanups.push(deposit.remove);
    const { settings, cleanup: removeArchive } = await openTestArchive('postgres');
    cleanups.push(removeArchive);

    const header =
      'id,title,languages,genre,date,access,consent,consent_withdrawn,contributors,licence,files';
    const lines = rows.map(
      ([id, access, consent, withdrawn, contributors, licence]) =>
        `${id},Song ${id},tyz,then,1998,${access},${consent},${withdrawn},${contributors},${licence},${id}.flac`,
    );
    await writeDeposit(deposit.dir, { 'items.csv': `${[header, ...lines].join('\n')}\n` });
    for (const [index, row] of rows.entries())
      await toneFlac(path.join(deposit.dir, `${row[0]}.flac`), row[6], 300 + 40 * index);
    const problems: string[] = [];
    const code = await ingestCommand(
      deposit.dir,
      { manifest: path.join(deposit.dir, 'items.csv'), collection: 'tay-test' },
      settings,
      {
        ...silentOutput(),
        line: (line = '') => problems.push(line),
        error: (line: string) => problems.push(line),
        result: (value: unknown) => problems.push(JSON.stringify(value).slice(0, 2000)),
      },
    );
    if (code !== 0) {
      const archive = await openArchive(settings);
      const failed = await archive.catalog
        .query<{ id: string; status_detail: string }>(
          `SELECT id, status_detail FROM items WHERE status <> 'ready'`,
        )
        .finally(() => archive.close());
      throw new Error(
        `the test deposit did not ingest cleanly (exit ${code}): ${[...problems, ...failed.map((row) => `${row.id}: ${row.status_detail}`)].join('; ')}`,
      );
    }

    const archive = await openArchive(settings);
    try {
      for (const [id] of rows) await commitAnnotations(archive, id, songAnnotations(id));
    } finally {
      await archive.close();
    }
    return {
      settings,
      exportable: ['luon-c', 'luon-d', 'then-a', 'then-b'],
      forbidden: ['then-community', 'then-no-ml', 'then-secret', 'then-withdrawn'],
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Vietnamese translations of the transcription lines. */
export const translationLines = [
  'Trời ơi, trời xuống bản làng',
  'Anh em lòng thương nhớ nhau',
  'Đàn tính dẫn đường đi xa',
] as const;

/**
 * Three transcription lines, a ritual span over the first and a symbol point in the
 * second, and Vietnamese translations: on the lines' own spans (as an ELAN child tier
 * imports) for the lượn items; for then-a, one on a span of its own that overlaps the
 * first line, and one in the pause after the last line, which meets no transcription.
 */
function songAnnotations(itemId: string): NewAnnotation[] {
  const asset = `originals/${itemId}.flac`;
  const author = 'Test Linguist';
  const created = '2024-05-01T00:00:00Z';
  // then-b sings the same words as then-a: its transcript text is an exact duplicate.
  const words = (text: string) =>
    itemId === 'then-a' || itemId === 'then-b' ? text : `${text} (${itemId})`;
  return [
    ...transcriptLines.map(([startMs, endMs, text]) => ({
      anchor: { kind: 'time' as const, asset, startMs, endMs },
      type: 'transcription' as const,
      value: words(text),
      language: 'tyz',
      author,
      created,
    })),
    ...(itemId.startsWith('luon-')
      ? transcriptLines.map(([startMs, endMs], index) => ({
          anchor: { kind: 'time' as const, asset, startMs, endMs },
          type: 'translation' as const,
          value: `${translationLines[index]} (${itemId})`,
          language: 'vie',
          author,
          created,
        }))
      : []),
    ...(itemId === 'then-a'
      ? [
          {
            anchor: { kind: 'time' as const, asset, startMs: 350, endMs: 1300 },
            type: 'translation' as const,
            value: translationLines[0],
            language: 'vie',
            author,
            created,
          },
          {
            anchor: { kind: 'time' as const, asset, startMs: 3900, endMs: 3990 },
            type: 'translation' as const,
            value: 'lời ngoài',
            language: 'vie',
            author,
            created,
          },
        ]
      : []),
    {
      anchor: { kind: 'time', asset, startMs: 300, endMs: 1400 },
      type: 'ritual',
      value: 'giải hạn',
      terms: ['giai-han'],
      author,
      created,
    },
    {
      anchor: { kind: 'time', asset, startMs: 2000, endMs: 2000 },
      type: 'symbol',
      value: 'đàn tính',
      terms: ['dan-tinh'],
      author,
      created,
    },
  ];
}

/** Writes the item's `metadata/annotations.json` in a new version, as annotation imports do. */
export async function commitAnnotations(
  archive: Archive,
  itemId: string,
  annotations: NewAnnotation[],
): Promise<void> {
  const made = annotations.map((annotation, index) =>
    createAnnotation(annotation, { position: String(index) }),
  );
  const before = await readObjectText(archive.objects, itemId, MetadataPath.annotations);
  if (before !== undefined) throw new Error(`${itemId} already has annotations`);
  await archive.objects.commitVersion(
    itemId,
    {
      add: [
        {
          logicalPath: MetadataPath.annotations,
          body: `${JSON.stringify({ schemaVersion: 1, item: itemId, documents: [], annotations: made })}\n`,
        },
      ],
    },
    { message: 'Annotations for the export tests', user: { name: 'Test Linguist' } },
  );
  const head = (await archive.objects.getInventory(itemId)).head;
  await archive.catalog.query('UPDATE items SET object_version = $2 WHERE id = $1', [itemId, head]);
}
