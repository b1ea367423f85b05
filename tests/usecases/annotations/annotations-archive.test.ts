import { describe, expect, it } from 'vitest';
import {
  AnnotationsDocumentError,
  parseAnnotationsDocument,
  serializeAnnotationsDocument,
} from '../../../src/archive/annotations-document.js';
import {
  regionOption,
  secondsOption,
  tierTypesOption,
} from '../../../src/entry/cli/commands/annotation-options.js';
import { UsageError } from '../../../src/entry/cli/exit-codes.js';
import {
  type Annotation,
  createAnnotation,
  type EafDocument,
  parseVocabularyJson,
} from '../../../src/formats/index.js';
import { termAndNarrower } from '../../../src/infra/catalog/annotation-queries.js';
import { type ItemRecord, itemRecordSchema } from '../../../src/model/item-record.js';
import { scanFacts } from '../../../src/model/media-facts.js';
import {
  AnnotationRejectedError,
  checkAnnotations,
} from '../../../src/usecases/annotations/annotation-checks.js';
import { pickRecording } from '../../../src/usecases/annotations/pick-recording.js';
import { reconcileImport } from '../../../src/usecases/annotations/reconcile-import.js';

const sha = 'a'.repeat(64);
const asset = (path: string, role: string, technical: Record<string, unknown> = {}) => ({
  path,
  role,
  originalName: path.replace(/^originals\//, ''),
  mediaType: 'application/octet-stream',
  format: path.split('.').pop(),
  sha256: sha,
  size: 1,
  technical,
});

function record(assets: ReturnType<typeof asset>[]): ItemRecord {
  return itemRecordSchema.parse({
    schemaVersion: 1,
    item: { id: 'then-001', collection: 'tay', title: 'Then', accessProtocol: 'open', consent: {} },
    collection: { id: 'tay', title: 'Tày songs' },
    assets,
  });
}

const vocabulary = parseVocabularyJson(
  JSON.stringify({
    id: 'ritual-terms',
    terms: [
      { id: 'ritual', labels: { en: 'ritual' } },
      { id: 'invocation', labels: { en: 'invocation' }, broader: ['ritual'] },
      { id: 'ancestor-call', labels: { en: 'calling the ancestors' }, broader: ['invocation'] },
      { id: 'dance', labels: { en: 'dance' } },
    ],
  }),
  { sourceName: 'terms.json' },
);

const eafNaming = (...urls: string[]) =>
  ({
    header: { mediaDescriptors: urls.map((url) => ({ mediaUrl: url, mimeType: 'audio/x-wav' })) },
  }) as unknown as EafDocument;

describe('choosing the recording a transcript belongs to', () => {
  const twoRecordings = record([
    asset('originals/tape/then-001.flac', 'recording'),
    asset('originals/tape/then 002.wav', 'recording'),
    asset('originals/tape/then-001.eaf', 'transcript'),
  ]);

  it('takes the recording an ELAN media descriptor names, even under another folder', () => {
    const choice = pickRecording(
      twoRecordings,
      'session.eaf',
      eafNaming('file:///C:/field/then%20002.wav'),
    );
    expect(choice.recording).toBe('originals/tape/then 002.wav');
  });

  it('takes the recording with the same name stem, whatever the case', () => {
    expect(pickRecording(twoRecordings, 'tape/THEN-001.TextGrid').recording).toBe(
      'originals/tape/then-001.flac',
    );
  });

  it('takes the only recording, and none when several match nothing', () => {
    const one = record([asset('originals/a.flac', 'recording')]);
    expect(pickRecording(one, 'notes.vtt').recording).toBe('originals/a.flac');
    const none = pickRecording(twoRecordings, 'notes.vtt');
    expect(none.recording).toBeUndefined();
    expect(none.reason).toBe('item then-001 has 2 recordings and none is named like notes.vtt');
  });
});

describe('checking annotations against the item', () => {
  const item = record([
    asset('originals/then-001.flac', 'recording', { durationSeconds: 30.0004 }),
    asset('originals/page.tif', 'scan', { width: 2480, height: 3508, pages: 2 }),
    asset('originals/book.pdf', 'scan'),
  ]);
  const at = (startMs: number, endMs: number, path = 'originals/then-001.flac') =>
    createAnnotation({
      anchor: { kind: 'time', asset: path, startMs, endMs },
      type: 'ritual',
      value: 'then',
      author: 'Linh',
    });
  const problems = (annotations: Annotation[], terms = vocabulary) => {
    try {
      checkAnnotations(item, annotations, terms, 'doc.eaf');
      return [];
    } catch (error) {
      if (!(error instanceof AnnotationRejectedError)) throw error;
      return error.problems.map((problem) => `${problem.field}: ${problem.message}`);
    }
  };

  it('accepts a span up to the last (rounded up) millisecond of the recording', () => {
    expect(problems([at(0, 30_001)])).toEqual([]);
    expect(problems([at(29_000, 30_002)])).toEqual([
      'anchor.endMs: ends at 30002 ms, after the end of the recording (30001 ms)',
    ]);
  });

  it('names the anchor field when the asset is not a recording of the item', () => {
    expect(problems([at(0, 10, 'originals/page.tif')])).toEqual([
      'anchor.asset: "originals/page.tif" is not a recording of item then-001 (its recordings: originals/then-001.flac)',
    ]);
  });

  it('checks regions against the page size, and refuses a page whose size is unknown', () => {
    const region = (path: string, page: number, x: number, width: number) =>
      createAnnotation({
        anchor: { kind: 'region', asset: path, page, x, y: 0, width, height: 100 },
        type: 'correction',
        value: 'slí',
        author: 'Linh',
      });
    expect(problems([region('originals/page.tif', 2, 2000, 480)])).toEqual([]);
    expect(problems([region('originals/page.tif', 3, 0, 10)])).toEqual([
      'anchor.page: page 3 does not exist: the scan has 2 pages',
    ]);
    expect(problems([region('originals/page.tif', 1, 2000, 500)])).toEqual([
      'anchor.width: the region reaches x 2500, beyond the page width of 2480 px',
    ]);
    expect(problems([region('originals/book.pdf', 1, 0, 10)])).toEqual([
      'anchor.page: the pixel size of page 1 of originals/book.pdf is not known',
    ]);
  });

  it('accepts only terms of the collection vocabulary, and names the annotation', () => {
    const withTerm = createAnnotation({
      anchor: { kind: 'item' },
      type: 'ritual',
      value: 'then',
      terms: ['offering'],
      author: 'Linh',
    });
    expect(problems([withTerm])).toEqual([
      'terms: "offering" is not a term of vocabulary ritual-terms (collection tay)',
    ]);
    expect(() => checkAnnotations(item, [withTerm], undefined, 'doc.eaf')).toThrow(
      `doc.eaf: annotation ${withTerm.id} (terms): collection tay has no vocabulary for term "offering"`,
    );
  });
});

describe('the annotations document', () => {
  const annotation = createAnnotation({
    anchor: { kind: 'time', asset: 'originals/a.flac', startMs: 5, endMs: 9 },
    type: 'gloss',
    value: 'slí "nhỏ"',
    author: 'Linh',
    language: 'vie',
    created: '2024-03-08T10:00:00+07:00',
  });

  it('reads back what it writes, one annotation per line', () => {
    const document = {
      schemaVersion: 1 as const,
      item: 'then-001',
      documents: [],
      annotations: [annotation, { ...annotation, id: 'an-2', supersedes: annotation.id }],
    };
    const json = serializeAnnotationsDocument(document);
    expect(json.split('\n').filter((line) => line.startsWith('{"id"'))).toHaveLength(2);
    expect(parseAnnotationsDocument(json, 'annotations.json')).toEqual(document);
  });

  it('refuses text that is not NFC, naming the file and the field', () => {
    const json = JSON.stringify({
      schemaVersion: 1,
      item: 'then-001',
      annotations: [{ ...annotation, value: 'sli\u0301' }],
    });
    expect(() => parseAnnotationsDocument(json, 'x/annotations.json')).toThrow(
      new AnnotationsDocumentError(
        'x/annotations.json (annotations.0.value): must be Unicode NFC (composed characters); normalise it first',
      ),
    );
  });
});

describe('annotations coming back from formats without ids', () => {
  const ritual = createAnnotation({
    anchor: { kind: 'time', asset: 'originals/a.flac', startMs: 1000, endMs: 2000 },
    type: 'ritual',
    value: 'khấn',
    terms: ['invocation'],
    author: 'Linh',
  });
  const cue = (value: string, startMs = 1000) =>
    createAnnotation(
      {
        anchor: { kind: 'time', asset: 'originals/a.flac', startMs, endMs: 2000 },
        type: 'transcription',
        value,
        author: 'Hoa',
        source: { format: 'webvtt', tier: 'cues', index: 0 },
      },
      { position: `${value}${startMs}` },
    );

  it('takes a cue named by an annotation id as that annotation, keeping its type and terms', () => {
    const incoming = cue('khấn tổ');
    const { annotations } = reconcileImport(
      [ritual],
      [incoming],
      new Map([[incoming.id, ritual.id]]),
      'Hoa',
    );
    expect(annotations).toEqual([{ ...ritual, value: 'khấn tổ', author: 'Hoa' }]);
  });

  it('drops an annotation that restates a current one, and keeps one that differs', () => {
    const same = createAnnotation(
      { ...ritual, author: 'Hoa', source: { format: 'textgrid', tier: 'ritual', index: 0 } },
      { position: 'tg' },
    );
    const moved = cue('khấn', 1500);
    const result = reconcileImport([ritual], [same, moved], new Map(), 'Hoa');
    expect(result).toEqual({ annotations: [moved], from: [moved], restated: [same] });
  });
});

describe('vocabulary terms in search', () => {
  it('includes every narrower term, however deep', () => {
    expect(termAndNarrower(vocabulary, 'ritual').sort()).toEqual([
      'ancestor-call',
      'invocation',
      'ritual',
    ]);
    expect(termAndNarrower(vocabulary, 'dance')).toEqual(['dance']);
  });
});

describe('page sizes of scans', () => {
  it('takes per-page sizes when recorded, the OCR rendering for a PDF, else the header size for every page', () => {
    const pdf = scanFacts({
      path: 'b.pdf',
      technical: {
        pageSizes: [
          { width: 100, height: 200 },
          { width: 300, height: 400 },
        ],
      },
    });
    expect([pdf.pageCount, pdf.pageSize(2), pdf.pageSize(3)]).toEqual([
      2,
      { width: 300, height: 400 },
      undefined,
    ]);
    const rendered = scanFacts(
      { path: 'c.pdf', technical: {} },
      { pages: [{ pageNumber: 1, width: 2480, height: 3508, dpi: 300 }] },
    );
    expect([rendered.pageCount, rendered.pageSize(1)]).toEqual([1, { width: 2480, height: 3508 }]);
    const tif = scanFacts({ path: 'a.tif', technical: { width: 10, height: 20, pages: 3 } });
    expect(tif.pageSize(3)).toEqual({ width: 10, height: 20 });
  });
});

describe('annotation command options', () => {
  it('reads tier types, with skip, and refuses unknown types', () => {
    expect(tierTypesOption(['gestures=note', 'a=b=gloss', 'noise=skip'])).toEqual({
      gestures: 'note',
      'a=b': 'gloss',
      noise: null,
    });
    expect(() => tierTypesOption(['gestures=dance'])).toThrow(
      new UsageError(
        '--tier-type: "dance" is not an annotation type (transcription, translation, gloss, ritual, symbol, note, correction)',
      ),
    );
  });

  it('turns seconds into milliseconds and refuses what is not a time or a region', () => {
    expect(secondsOption('12.5', '--start')).toBe(12_500);
    expect(() => secondsOption('-1', '--start')).toThrow(UsageError);
    expect(() => secondsOption('', '--end')).toThrow('--end: "" is not a number of seconds ≥ 0');
    expect(regionOption('0, 10,20,30')).toEqual({ x: 0, y: 10, width: 20, height: 30 });
    expect(() => regionOption('1,2,3')).toThrow(UsageError);
  });
});
