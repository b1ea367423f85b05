import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import {
  type Annotation,
  annotationsToEaf,
  applyEdit,
  createAnnotation,
  currentAnnotations,
  type EafDocument,
  eafToAnnotations,
  mergeImported,
  parseEaf,
  parseVocabularyJson,
  retireAnnotation,
  serializeEaf,
} from '../../../src/formats/index.js';
import { corpusFile } from '../../support/corpus.js';
import { describeWithCorpus } from '../../support/corpus-tests.js';

const corpusEaf = (name: string) => corpusFile('eaf', name);
const vocabulary = parseVocabularyJson(
  readFileSync(new URL('../../fixtures/annotations/ritual-vocabulary.json', import.meta.url)),
  { sourceName: 'ritual-vocabulary.json' },
);
const asset = 'rec-then-01';
const importOptions = { asset, author: 'archivist', created: '2024-03-01T09:00:00+07:00' };

async function validateAgainstEaf30(xml: string) {
  const schema = {
    fileName: 'EAFv3.0.xsd',
    contents: readFileSync(corpusEaf('EAFv3.0.xsd'), 'utf8'),
  };
  const result = await validateXML({ xml: { fileName: 'export.eaf', contents: xml }, schema });
  return {
    valid: result.valid,
    errors: result.errors.slice(0, 5).map((error) => error.rawMessage),
  };
}

const ids = (annotations: readonly Annotation[]) =>
  new Set(annotations.map((annotation) => annotation.id));
const at = (startMs: number, endMs: number) => ({ kind: 'time', asset, startMs, endMs }) as const;

describeWithCorpus('ELAN round trip of heritage annotations', () => {
  let document: EafDocument;
  let imported: Annotation[];
  let withContext: Annotation[];
  let exportedXml: string;
  let skipped: { id: string; reason: string }[];

  beforeAll(() => {
    document = parseEaf(readFileSync(corpusEaf('sample_3.0.eaf')), {
      sourceName: 'sample_3.0.eaf',
    });
    imported = eafToAnnotations(document, importOptions).annotations;
    const context = [
      createAnnotation({
        anchor: at(1800, 4000),
        type: 'ritual',
        value: 'then master calls the ancestors',
        terms: ['invocation'],
        author: 'Linh',
        language: 'vie',
      }),
      createAnnotation({
        anchor: at(5000, 7200),
        type: 'ritual',
        value: 'rice and wine are offered',
        terms: ['offering'],
        author: 'Linh',
      }),
      createAnnotation({
        anchor: at(5000, 7200),
        type: 'symbol',
        value: 'the bridge of the tính lute',
        author: 'Hoa',
      }),
      createAnnotation({
        anchor: at(6000, 6000),
        type: 'note',
        value: 'drum enters',
        author: 'Linh',
      }),
      createAnnotation({
        anchor: { kind: 'region', asset: 'scan-1', page: 1, x: 0, y: 0, width: 10, height: 10 },
        type: 'note',
        value: 'on the song book',
        author: 'Linh',
      }),
    ];
    withContext = [...imported, ...context];
    const result = annotationsToEaf(document, withContext, { asset, vocabulary });
    skipped = result.skipped;
    exportedXml = serializeEaf(result.document);
  });

  it('imports the transcription, word and part-of-speech tiers of the corpus document', () => {
    const dom = new DOMParser().parseFromString(
      readFileSync(corpusEaf('sample_3.0.eaf'), 'utf8'),
      'text/xml',
    );
    const countOn = (tierIds: string[]) =>
      Array.from(dom.getElementsByTagName('TIER'))
        .filter((tier) => tierIds.includes(tier.getAttribute('TIER_ID') ?? ''))
        .reduce((sum, tier) => sum + tier.getElementsByTagName('ANNOTATION').length, 0);
    expect(imported).toHaveLength(countOn(['text', 'words-timesub', 'words-symsub', 'words-pos']));
    expect(imported.filter((annotation) => annotation.type === 'gloss')).toHaveLength(
      countOn(['words-pos']),
    );
    expect(ids(imported).size).toBe(imported.length);
  });

  it('exports context annotations on their own tiers, with the vocabulary as a multilingual ELAN vocabulary', () => {
    const dom = new DOMParser().parseFromString(exportedXml, 'text/xml');
    const tiers = Array.from(dom.getElementsByTagName('TIER'));
    const ritual = tiers.find(
      (tier) => tier.getAttribute('LINGUISTIC_TYPE_REF') === 'heritage-ritual',
    );
    expect(ritual?.getAttribute('ANNOTATOR')).toBe('Linh');
    const values = Array.from(ritual?.getElementsByTagName('ALIGNABLE_ANNOTATION') ?? []).map(
      (annotation) => [
        annotation.getAttribute('CVE_REF'),
        annotation.getElementsByTagName('ANNOTATION_VALUE')[0]?.textContent,
      ],
    );
    expect(values).toEqual([
      ['invocation', 'then master calls the ancestors'],
      ['offering', 'rice and wine are offered'],
    ]);
    const type = Array.from(dom.getElementsByTagName('LINGUISTIC_TYPE')).find(
      (candidate) => candidate.getAttribute('LINGUISTIC_TYPE_ID') === 'heritage-ritual',
    );
    const cv = Array.from(dom.getElementsByTagName('CONTROLLED_VOCABULARY')).find(
      (candidate) =>
        candidate.getAttribute('CV_ID') === type?.getAttribute('CONTROLLED_VOCABULARY_REF'),
    );
    const entries = Array.from(cv?.getElementsByTagName('CV_ENTRY_ML') ?? []).map((entry) => [
      entry.getAttribute('CVE_ID'),
      Array.from(entry.getElementsByTagName('CVE_VALUE')).map(
        (value) => `${value.getAttribute('LANG_REF')}:${value.textContent}`,
      ),
    ]);
    expect(entries).toEqual([
      ['ritual', ['tyz:then', 'vie:nghi lễ', 'eng:ritual']],
      ['invocation', ['tyz:khửn', 'vie:khấn', 'eng:invocation']],
      ['offering', ['vie:cúng, dâng lễ', 'eng:offering']],
    ]);
  });

  it('reports what ELAN cannot hold instead of dropping it silently', () => {
    expect(skipped).toEqual([
      { id: withContext.at(-1)?.id, reason: expect.stringContaining('region') },
    ]);
  });

  it('writes a document that validates against the EAF 3.0 schema', async () => {
    expect(await validateAgainstEaf30(exportedXml)).toEqual({ valid: true, errors: [] });
  });

  it('imports the exported document again as the same annotations, without duplicates', () => {
    const again = eafToAnnotations(parseEaf(exportedXml, { sourceName: 'export.eaf' }), {
      ...importOptions,
      created: '2025-01-01T00:00:00Z',
    }).annotations;
    const timed = withContext.filter((annotation) => annotation.anchor.kind === 'time');
    expect(ids(again)).toEqual(ids(timed));
    const comparable = (annotation: Annotation) => {
      const { created: _created, source: _source, ...content } = annotation;
      return content;
    };
    const byId = new Map(again.map((annotation) => [annotation.id, comparable(annotation)]));
    for (const annotation of timed) expect(byId.get(annotation.id)).toEqual(comparable(annotation));

    const merged = mergeImported(withContext, again);
    expect(merged.added).toEqual([]);
    expect(merged.annotations).toHaveLength(withContext.length);
  });

  it('turns a value changed in ELAN into a new version that supersedes the heritage annotation', () => {
    const edited = exportedXml.replace(
      'rice and wine are offered',
      'rice, wine and a chicken are offered',
    );
    const again = eafToAnnotations(
      parseEaf(edited, { sourceName: 'edited.eaf' }),
      importOptions,
    ).annotations;
    const merged = mergeImported(withContext, again);
    const offering = withContext.find(
      (annotation) => annotation.value === 'rice and wine are offered',
    );
    expect(merged.added).toHaveLength(1);
    expect(merged.added[0]).toMatchObject({
      supersedes: offering?.id,
      value: 'rice, wine and a chicken are offered',
      terms: ['offering'],
    });
    expect(currentAnnotations(merged.annotations)).toHaveLength(withContext.length);
  });

  it('writes a heritage edit of an ELAN transcription back into ELAN, and re-imports it as unchanged', () => {
    const word = imported.find((annotation) => annotation.source?.tier === 'words-timesub');
    if (!word) throw new Error('no word annotation');
    const edits = applyEdit(withContext, {
      supersedes: word.id,
      value: `${word.value} (checked)`,
      author: 'Hoa',
    });
    const { document: updated } = annotationsToEaf(document, edits, { asset, vocabulary });
    const xml = serializeEaf(updated);
    const element = updated.tiers
      .find((tier) => tier.id === 'words-timesub')
      ?.annotations.find((annotation) => annotation.id === word.source?.elementId);
    expect(element?.value).toBe(`${word.value} (checked)`);

    const again = eafToAnnotations(
      parseEaf(xml, { sourceName: 'updated.eaf' }),
      importOptions,
    ).annotations;
    const merged = mergeImported(edits, again);
    expect(merged.added).toEqual([]);
  });

  it('leaves a retired ELAN annotation, and those referring to it, out of the export', async () => {
    const elements = document.tiers.flatMap((tier) => tier.annotations);
    const referred = new Set(
      elements.flatMap((element) => (element.kind === 'reference' ? [element.annotationRef] : [])),
    );
    const parent = imported.find(
      (annotation) =>
        referred.has(annotation.source?.elementId ?? '') &&
        elements.some((element) => element.id === annotation.source?.elementId),
    );
    if (!parent) throw new Error('no annotation with a referring one');
    const retired = retireAnnotation(withContext, { retires: parent.id, author: 'Hoa' });
    const elementId = parent.source?.elementId;
    const children = elements.filter(
      (element) => element.kind === 'reference' && element.annotationRef === elementId,
    );
    const { document: updated } = annotationsToEaf(document, retired, {
      asset,
      vocabulary,
      retired: retired.filter((annotation) => annotation.retired),
    });
    const left = new Set(updated.tiers.flatMap((tier) => tier.annotations.map((a) => a.id)));
    expect(children.length).toBeGreaterThan(0);
    expect(left.has(elementId ?? '')).toBe(false);
    for (const child of children) expect(left.has(child.id)).toBe(false);
    const xml = serializeEaf(updated);
    expect(await validateAgainstEaf30(xml)).toEqual({ valid: true, errors: [] });
    const again = eafToAnnotations(parseEaf(xml, { sourceName: 'retired.eaf' }), importOptions);
    expect(again.annotations.some((annotation) => annotation.source?.elementId === elementId)).toBe(
      false,
    );
  });

  it('leaves the source document untouched', () => {
    expect(serializeEaf(document)).toBe(readFileSync(corpusEaf('sample_3.0.eaf'), 'utf8'));
  });
});

describeWithCorpus('ELAN round trip of an EAF 2.7 document', () => {
  it('re-imports its EAF 3.0 export as the same annotations', () => {
    const original = parseEaf(readFileSync(corpusEaf('sample_2.7.eaf')), {
      sourceName: 'sample_2.7.eaf',
    });
    const first = eafToAnnotations(original, importOptions).annotations;
    const exported = serializeEaf(annotationsToEaf(original, first, { asset }).document);
    const again = eafToAnnotations(
      parseEaf(exported, { sourceName: 'export.eaf' }),
      importOptions,
    ).annotations;
    expect(first.length).toBeGreaterThan(0);
    expect(ids(again)).toEqual(ids(first));
    expect(mergeImported(first, again).added).toEqual([]);
  });
});
