import { describe, expect, it } from 'vitest';
import { exportRequestFromOptions } from '../../../src/entry/cli/commands/export-run-command.js';
import { UsageError } from '../../../src/entry/cli/exit-codes.js';
import { createAnnotation } from '../../../src/formats/index.js';
import { buildAlto } from '../../../src/media/ocr/alto.js';
import { type ItemRecord, itemRecordSchema } from '../../../src/model/item-record.js';
import { edtfYearRange } from '../../../src/usecases/export/edtf-years.js';
import { exclusionDisclosure } from '../../../src/usecases/export/exclusion-disclosure.js';
import { ExclusionTally } from '../../../src/usecases/export/exclusion-tally.js';
import {
  ExportRequestError,
  parseExportRequest,
} from '../../../src/usecases/export/export-request.js';
import { itemSpeaker } from '../../../src/usecases/export/item-speaker.js';
import { readPageLayout } from '../../../src/usecases/export/line-boxes.js';
import { ocrPageLanguage } from '../../../src/usecases/export/ocr-step-facts.js';
import { planUtterances } from '../../../src/usecases/export/plan-utterances.js';
import { exclusionReason } from '../../../src/usecases/export/select-items.js';
import { speakerPseudonym } from '../../../src/usecases/export/speaker-pseudonym.js';
import { cleanTexts, type TextDocument } from '../../../src/usecases/export/text-documents.js';
import { ocrPageOrigin } from '../../../src/usecases/export/text-origin.js';

function record(item: Record<string, unknown> = {}): ItemRecord {
  return itemRecordSchema.parse({
    schemaVersion: 1,
    item: {
      id: 'then-001',
      collection: 'tay',
      title: 'Then',
      date: '1998~',
      genre: 'then',
      languages: ['tyz-Latn'],
      contributors: [
        { name: 'Recorder C', role: 'recorder' },
        { name: 'Master B', role: 'ritual_master' },
        { name: 'Singer A', role: 'singer' },
      ],
      accessProtocol: 'open',
      consent: { uses: ['archive', 'ml-training'] },
      licence: 'CC-BY-4.0',
      ...item,
    },
    collection: { id: 'tay', title: 'Tày songs', licence: 'CC0-1.0' },
    assets: [],
  });
}

describe('which items an export takes', () => {
  const request = (filters: Record<string, unknown> = {}) =>
    parseExportRequest({ out: '/tmp/x', filters });

  it('asks the access policy first, whatever the filters', () => {
    const secret = record({ accessProtocol: 'secret-sacred', genre: 'lượn' });
    expect(exclusionReason(secret, 'ready', request({ genres: ['then'] }))).toBe(
      'secret/sacred material never leaves the archive',
    );
    expect(exclusionReason(record({ accessProtocol: 'community' }), 'ready', request())).toMatch(
      /community does not allow/,
    );
    expect(
      exclusionReason(
        record({ accessProtocol: 'community' }),
        'ready',
        request({ accessProtocols: ['open', 'community'] }),
      ),
    ).toBeUndefined();
    const withdrawn = record({ consent: { uses: ['ml-training'], withdrawn: true } });
    expect(exclusionReason(withdrawn, 'ready', request())).toBe('consent has been withdrawn');
    expect(exclusionReason(record({ consent: { uses: ['research'] } }), 'ready', request())).toBe(
      'consent does not include ml-training',
    );
  });

  it('names only the items left out that the access policy lets the export reach, and says nothing of secret/sacred ones', () => {
    const disclosure = (item: Record<string, unknown>, filters: Record<string, unknown> = {}) =>
      exclusionDisclosure(record(item).item, request(filters));
    expect(disclosure({ genre: 'lượn' }, { genres: ['then'] })).toBe('named');
    expect(disclosure({ accessProtocol: 'community' })).toBe('counted');
    expect(disclosure({ accessProtocol: 'community' }, { accessProtocols: ['community'] })).toBe(
      'named',
    );
    expect(disclosure({ consent: { uses: ['ml-training'], withdrawn: true } })).toBe('counted');
    expect(disclosure({ consent: { uses: ['research'] } })).toBe('counted');
    expect(disclosure({ accessProtocol: 'secret-sacred' })).toBe('hidden');
  });

  it('counts every exclusion and names those given a place, in item order', () => {
    const tally = new ExclusionTally();
    tally.add('text', 'empty text', { item: 'b', part: 'b/ocr/scan.tif/p2' });
    tally.add('item', 'consent has been withdrawn');
    tally.add('item', 'licence not in the allow-list', { item: 'a' });
    expect(tally.entries()).toEqual([
      { unit: 'item', reason: 'consent has been withdrawn', count: 1 },
      { unit: 'item', reason: 'licence not in the allow-list', count: 1 },
      { unit: 'text', reason: 'empty text', count: 1 },
    ]);
    expect(tally.named()).toEqual([
      { unit: 'item', item: 'a', reason: 'licence not in the allow-list' },
      { unit: 'text', item: 'b', part: 'b/ocr/scan.tif/p2', reason: 'empty text' },
    ]);
  });

  it('applies language, genre, date and licence filters, and waits for processing', () => {
    expect(exclusionReason(record(), 'ready', request({ languages: ['tyz'] }))).toBeUndefined();
    expect(exclusionReason(record(), 'ready', request({ languages: ['vie'] }))).toBe(
      'not in the languages asked for',
    );
    expect(exclusionReason(record(), 'ready', request({ genres: ['THEN'] }))).toBeUndefined();
    expect(
      exclusionReason(record(), 'ready', request({ dateFrom: 1990, dateTo: 1998 })),
    ).toBeUndefined();
    expect(exclusionReason(record(), 'ready', request({ dateFrom: 1999 }))).toBe(
      'dated outside the range asked for',
    );
    expect(exclusionReason(record({ date: undefined }), 'ready', request({ dateTo: 2000 }))).toBe(
      'undated, and a date range was asked for',
    );
    expect(
      exclusionReason(record(), 'ready', request({ licences: ['cc-by-4.0'] })),
    ).toBeUndefined();
    expect(exclusionReason(record(), 'ready', request({ licences: ['CC0-1.0'] }))).toBe(
      'licence not in the allow-list',
    );
    // No item licence: the collection's counts.
    expect(
      exclusionReason(record({ licence: undefined }), 'ready', request({ licences: ['CC0-1.0'] })),
    ).toBeUndefined();
    expect(exclusionReason(record(), 'processing', request())).toBe(
      'processing not finished (status processing)',
    );
  });

  it('reads EDTF dates as year ranges', () => {
    expect(edtfYearRange('1998~')).toEqual({ from: 1998, to: 1998 });
    expect(edtfYearRange('196X')).toEqual({ from: 1960, to: 1969 });
    expect(edtfYearRange('2001-05')).toEqual({ from: 2001, to: 2001 });
    expect(edtfYearRange('1965/1970')).toEqual({ from: 1965, to: 1970 });
    expect(edtfYearRange('1965/..')).toEqual({ from: 1965, to: Number.POSITIVE_INFINITY });
    expect(edtfYearRange('unknown')).toBeUndefined();
  });
});

describe('export requests', () => {
  it('names every bad field, and never lets secret-sacred in', () => {
    expect(() =>
      parseExportRequest({
        out: '',
        filters: { accessProtocols: ['open', 'secret-sacred'] },
        splits: { train: 0.5 },
      }),
    ).toThrow(
      /out: name a folder.*filters\.accessProtocols: secret-sacred material is never exported.*splits: train, validation and test must add up to 1/,
    );
    expect(() =>
      parseExportRequest({ out: 'x', filters: { dateFrom: 2000, dateTo: 1990 } }),
    ).toThrow(ExportRequestError);
    expect(parseExportRequest({ out: 'x' }).filters.accessProtocols).toEqual(['open']);
  });

  it('reads command-line options, with usage errors that name the option', () => {
    const request = exportRequestFromOptions({
      out: 'out',
      access: 'open, community',
      split: '70/20/10',
      dateFrom: '1950',
      excludeAudioFlags: 'clipping',
    });
    expect(request.filters.accessProtocols).toEqual(['open', 'community']);
    expect(request.splits).toEqual({ train: 0.7, validation: 0.2, test: 0.1 });
    expect(request.filters.dateFrom).toBe(1950);
    expect(() => exportRequestFromOptions({ out: 'out', split: '80/20' })).toThrow(
      /--split 80\/20/,
    );
    expect(() => exportRequestFromOptions({ out: 'out', dateTo: 'soon' })).toThrow(UsageError);
    expect(() => exportRequestFromOptions({ out: 'out', access: 'secret-sacred' })).toThrow(
      UsageError,
    );
  });
});

describe('speakers', () => {
  it('get one pseudonym per person and collection, unreadable without the salt', () => {
    const pseudonym = speakerPseudonym('salt', 'tay', 'Singer A');
    expect(pseudonym).toMatch(/^spk-[0-9a-f]{16}$/);
    expect(speakerPseudonym('salt', 'tay', ' singer a ')).toBe(pseudonym);
    expect(speakerPseudonym('salt', 'nung', 'Singer A')).not.toBe(pseudonym);
    expect(speakerPseudonym('other salt', 'tay', 'Singer A')).not.toBe(pseudonym);
  });

  it('are the singer before the ritual master, named only when consent allows names', () => {
    expect(itemSpeaker(record(), 'salt')).toEqual({
      label: speakerPseudonym('salt', 'tay', 'Singer A'),
      groupKey: speakerPseudonym('salt', 'tay', 'Singer A'),
      named: false,
    });
    const named = itemSpeaker(
      record({ consent: { uses: ['ml-training', 'name-attribution'] } }),
      'salt',
    );
    expect(named).toMatchObject({
      label: 'Singer A',
      named: true,
      groupKey: speakerPseudonym('salt', 'tay', 'Singer A'),
    });
    expect(
      itemSpeaker(record({ contributors: [{ name: 'Recorder C', role: 'recorder' }] }), 'salt'),
    ).toBeUndefined();
  });
});

describe('the text corpus', () => {
  const document = (id: string, text: string): TextDocument => ({
    id,
    text,
    language: 'tyz',
    source_item: id,
    licence: 'CC0-1.0',
    text_origin: 'human',
    text_origin_tool: null,
  });

  it('is NFC, with empty texts and exact duplicates counted and dropped', () => {
    const exclusions = new ExclusionTally();
    const decomposed = 'Pỉ noọng'.normalize('NFD');
    const kept = cleanTexts(
      [
        document('b', 'Pỉ noọng\r\n'),
        document('a', decomposed),
        document('c', '  \n'),
        document('d', 'Then ơi'),
      ],
      exclusions,
    );
    expect(kept.map((entry) => [entry.id, entry.text])).toEqual([
      ['a', 'Pỉ noọng'.normalize('NFC')],
      ['d', 'Then ơi'],
    ]);
    expect(exclusions.entries()).toEqual([
      { unit: 'text', reason: 'empty text', count: 1 },
      { unit: 'text', reason: 'exact duplicate of another text', count: 1 },
    ]);
  });
});

describe('OCR line layouts', () => {
  const line = (y: number) => ({
    bbox: { x0: 10, y0: y, x1: 200, y1: y + 20 },
    words: [{ text: 'lượn', confidence: 90, bbox: { x0: 10, y0: y, x1: 200, y1: y + 20 } }],
  });
  const alto = buildAlto({
    pageNumber: 1,
    width: 640,
    height: 480,
    sourceFileName: 'page.tif',
    blocks: [
      {
        bbox: { x0: 10, y0: 30, x1: 200, y1: 110 },
        paragraphs: [{ bbox: { x0: 10, y0: 30, x1: 200, y1: 110 }, lines: [line(30), line(90)] }],
      },
    ],
    softwareName: 'tesseract.js',
    softwareVersion: '7.0.0',
    processingSettings: 'languages=vie; rotation=180',
  });

  it('reads page size, turn and line boxes from ALTO', () => {
    expect(readPageLayout(alto, 'page.alto.xml')).toEqual({
      width: 640,
      height: 480,
      rotation: 180,
      lines: [
        { left: 10, top: 30, width: 190, height: 20 },
        { left: 10, top: 90, width: 190, height: 20 },
      ],
    });
  });

  it('reads hOCR behind its standard doctype, and refuses a doctype that declares entities', () => {
    const hocr = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page' title='image "p.png"; bbox 0 0 300 100; ppageno 0'>
<span class='ocr_line' title='bbox 5 10 250 40; baseline 0 0'>a</span>
</div></body></html>`;
    expect(readPageLayout(hocr, 'p.hocr.html')).toEqual({
      width: 300,
      height: 100,
      rotation: 0,
      lines: [{ left: 5, top: 10, width: 245, height: 30 }],
    });
    const bomb = `<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><alto>&b;</alto>`;
    expect(() => readPageLayout(bomb, 'bomb.alto.xml')).toThrow(
      /bomb\.alto\.xml.*DOCTYPE declarations are refused/,
    );
  });
});

describe('planning utterances', () => {
  const asset = 'originals/then-001.flac';
  const track = {
    original: asset,
    path: 'derivatives/audio/then-001.a0.training.wav',
    sha256: '0'.repeat(64),
    sampleRate: 16_000,
    durationSeconds: 10,
    flags: [] as string[],
    loudnessTarget: { integratedLufs: -23, truePeakDbtp: -2 },
    agent: 'ffmpeg',
  };
  const item = {
    record: record(),
    version: 'v3',
    licence: 'CC-BY-4.0',
  } as never;
  const made = (
    type: string,
    startMs: number,
    endMs: number,
    value: string,
    terms: string[] = [],
  ) =>
    createAnnotation(
      {
        anchor: { kind: 'time', asset, startMs, endMs },
        type: type as never,
        value,
        terms,
        author: 'a',
        created: '2024-01-01T00:00:00Z',
      },
      { position: `${type}${startMs}` },
    );
  const annotations = [
    made('transcription', 1000, 2000, 'Then ơi'),
    made('transcription', 3000, 3000, 'a point'),
    made('transcription', 4000, 5000, '   '),
    made('transcription', 12_000, 13_000, 'after the end'),
    made('ritual', 1900, 2500, 'giải hạn', ['giai-han']),
    made('ritual', 2000, 2600, 'touching the end only', ['not-overlapping']),
    made('symbol', 1500, 1500, 'đàn tính', ['dan-tinh']),
  ];
  const request = parseExportRequest({ out: 'x' });

  it('keeps timed transcriptions with the terms that overlap them, and counts the rest', () => {
    const exclusions = new ExclusionTally();
    const planned = planUtterances(item, annotations, [track], undefined, request, exclusions);
    expect(
      planned.map((u) => [u.text, u.startFrame, u.endFrame, u.ritualTerms, u.symbolTerms]),
    ).toEqual([['Then ơi', 16_000, 32_000, ['giai-han'], ['dan-tinh']]]);
    expect(exclusions.entries()).toEqual([
      { unit: 'utterance', reason: 'empty transcription', count: 1 },
      { unit: 'utterance', reason: 'segment starts after the recording ends', count: 1 },
      { unit: 'utterance', reason: 'zero-length segment', count: 1 },
    ]);
  });

  it('labels a transcription a recogniser made as machine text, with its tool', () => {
    const recognised = {
      ...made('transcription', 6000, 7000, 'máy nghe'),
      origin: { kind: 'machine' as const, tool: 'whisper large-v3' },
    };
    const planned = planUtterances(
      item,
      [...annotations, recognised],
      [track],
      undefined,
      request,
      new ExclusionTally(),
    );
    expect(planned.map((u) => [u.text, u.textOrigin])).toEqual([
      ['Then ơi', { origin: 'human', tool: null }],
      ['máy nghe', { origin: 'machine', tool: 'whisper large-v3' }],
    ]);
  });

  it('leaves out every utterance of a recording with an excluded quality flag', () => {
    const exclusions = new ExclusionTally();
    const flagged = { ...track, flags: ['clipping'] };
    expect(planUtterances(item, annotations, [flagged], undefined, request, exclusions)).toEqual(
      [],
    );
    expect(exclusions.entries()).toContainEqual({
      unit: 'utterance',
      reason: 'its recording has an excluded quality flag',
      count: 4,
    });
  });
});

describe('OCR page language and origin', () => {
  const scanned = (languages: string) => {
    const base = record({ languages: ['tyz'] });
    return itemRecordSchema.parse({
      ...base,
      steps: [
        {
          step: 'ocr-page',
          asset: 'originals/page.tif',
          status: 'done',
          result: { engine: { name: 'tesseract.js', version: '6.0.1' }, languages },
        },
      ],
    });
  };

  it('tags a page read with one language model in that language, and a mixed reading in the item’s', () => {
    expect(ocrPageLanguage(scanned('vie'), 'originals/page.tif', 'tyz')).toBe('vie');
    expect(ocrPageLanguage(scanned('tyz+vie'), 'originals/page.tif', 'tyz')).toBe('tyz');
    expect(ocrPageLanguage(scanned('chi_sim'), 'originals/page.tif', 'tyz')).toBe('tyz');
    expect(ocrPageLanguage(scanned('vie'), 'originals/other.tif', 'tyz')).toBe('tyz');
  });

  it('says which engine read the page, and whether a person corrected it', () => {
    expect(ocrPageOrigin(scanned('vie'), 'originals/page.tif', false)).toEqual({
      origin: 'ocr',
      tool: 'tesseract.js 6.0.1',
    });
    expect(ocrPageOrigin(scanned('vie'), 'originals/page.tif', true)).toEqual({
      origin: 'ocr-corrected',
      tool: 'tesseract.js 6.0.1',
    });
  });
});
