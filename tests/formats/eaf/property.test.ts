import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import {
  annotationsToEaf,
  eafToAnnotations,
  mergeImported,
  parseEaf,
  serializeEaf,
} from '../../../src/formats/index.js';
import { corpusEaf } from '../../support/annotation-archive.js';

/*
 * Property: for any ELAN document (random tiers, linguistic types, time and symbolic
 * subdivisions, controlled vocabularies, empty tiers, tier names that differ only in case
 * or spacing, repeated values), importing it and exporting the annotations back gives the
 * same document, which validates against the EAF 3.0 schema. fast-check is not among the
 * project's packages, so the documents come from a seeded generator: a failure names its seed.
 */

/** mulberry32: a small seeded generator, so that every run makes the same documents. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  return { next, int, pick };
}

const tierNames = [
  'words',
  'Words',
  'words ',
  'lời then',
  'gloss',
  'ft',
  'notes',
  'Bà Then',
  'a&b "c"',
];
const values = [
  '',
  'then',
  'then',
  'Pây tàng slam vằn',
  'a < b & "c"',
  'đàn tính',
  '  spaced  ',
  'x',
];
const constraints = [
  'Time_Subdivision',
  'Symbolic_Subdivision',
  'Symbolic_Association',
  'Included_In',
];
const xmlEscape = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

interface Parent {
  id: string;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

/** One random, schema-valid ELAN 3.0 document. */
function generateEaf(seed: number): string {
  const r = random(seed);
  const slots: string[] = [];
  let slotCount = 0;
  const slot = (ms?: number) => {
    slotCount += 1;
    const id = `ts${slotCount}`;
    slots.push(
      ms === undefined
        ? `<TIME_SLOT TIME_SLOT_ID="${id}"/>`
        : `<TIME_SLOT TIME_SLOT_ID="${id}" TIME_VALUE="${ms}"/>`,
    );
    return id;
  };
  let annotationCount = 0;
  const nextId = () => {
    annotationCount += 1;
    return `a${annotationCount}`;
  };
  const withCv = r.next() < 0.6;
  const cvEntries = ['cve-offering', 'cve-song', 'cve-drum'];
  const tiers: string[] = [];
  const usedNames = new Set<string>();
  const annotation = (inner: string) => `        <ANNOTATION>\n${inner}\n        </ANNOTATION>`;
  const value = (cv: boolean) => {
    const text = r.pick(values);
    const cveRef = cv && r.next() < 0.7 ? ` CVE_REF="${r.pick(cvEntries)}"` : '';
    const langRef = r.next() < 0.2 ? ` LANG_REF="${r.pick(['tyz', 'vie'])}"` : '';
    return { attributes: `${cveRef}${langRef}`, text: xmlEscape(text) };
  };
  const alignable = (id: string, start: string, end: string, cv: boolean) => {
    const v = value(cv);
    return annotation(
      `            <ALIGNABLE_ANNOTATION ANNOTATION_ID="${id}"${v.attributes} TIME_SLOT_REF1="${start}" TIME_SLOT_REF2="${end}">\n                <ANNOTATION_VALUE>${v.text}</ANNOTATION_VALUE>\n            </ALIGNABLE_ANNOTATION>`,
    );
  };
  const reference = (id: string, parent: string, previous: string | undefined, cv: boolean) => {
    const v = value(cv);
    const prev = previous === undefined ? '' : ` PREVIOUS_ANNOTATION="${previous}"`;
    return annotation(
      `            <REF_ANNOTATION ANNOTATION_ID="${id}" ANNOTATION_REF="${parent}"${v.attributes}${prev}>\n                <ANNOTATION_VALUE>${v.text}</ANNOTATION_VALUE>\n            </REF_ANNOTATION>`,
    );
  };
  const tierName = () => {
    let name = r.pick(tierNames);
    for (let n = 2; usedNames.has(name); n += 1) name = `${r.pick(tierNames)}${n}`;
    usedNames.add(name);
    return name;
  };
  const tierElement = (name: string, type: string, parent: string | undefined, body: string[]) => {
    const participant = r.next() < 0.5 ? ` PARTICIPANT="Bà Then"` : '';
    const parentRef = parent === undefined ? '' : ` PARENT_REF="${xmlEscape(parent)}"`;
    const open = `    <TIER LINGUISTIC_TYPE_REF="${type}"${parentRef}${participant} TIER_ID="${xmlEscape(name)}"`;
    tiers.push(body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </TIER>`);
  };

  for (let top = r.int(1, 4); top > 0; top -= 1) {
    const name = tierName();
    const cv = withCv && r.next() < 0.5;
    const parents: Parent[] = [];
    const body: string[] = [];
    let at = r.int(0, 500);
    for (let count = r.next() < 0.2 ? 0 : r.int(1, 5); count > 0; count -= 1) {
      const startMs = at;
      const endMs = at + r.int(0, 3000);
      at = endMs + r.int(0, 1000);
      const start = slot(startMs);
      const end = slot(endMs);
      const id = nextId();
      parents.push({ id, start, end, startMs, endMs });
      body.push(alignable(id, start, end, cv));
    }
    tierElement(name, cv ? 'utterance-cv' : 'utterance', undefined, body);
    for (let children = r.int(0, 2); children > 0; children -= 1) {
      const constraint = r.pick(constraints);
      const childBody: string[] = [];
      for (const parent of parents) {
        if (r.next() < 0.25) continue;
        const pieces = r.int(1, 3);
        if (constraint === 'Time_Subdivision') {
          let previous = parent.start;
          for (let piece = 1; piece <= pieces; piece += 1) {
            const last = piece === pieces;
            const aligned = r.next() < 0.5;
            const ms = Math.round(
              parent.startMs + ((parent.endMs - parent.startMs) * piece) / pieces,
            );
            const end = last ? parent.end : slot(aligned ? ms : undefined);
            childBody.push(alignable(nextId(), previous, end, false));
            previous = end;
          }
        } else if (constraint === 'Included_In') {
          childBody.push(alignable(nextId(), slot(parent.startMs), slot(parent.endMs), false));
        } else if (constraint === 'Symbolic_Association') {
          childBody.push(reference(nextId(), parent.id, undefined, false));
        } else {
          let previous: string | undefined;
          for (let piece = 0; piece < pieces; piece += 1) {
            const id = nextId();
            childBody.push(reference(id, parent.id, previous, false));
            previous = id;
          }
        }
      }
      tierElement(tierName(), constraint, name, childBody);
    }
  }

  const types = [
    '    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true"/>',
    `    <LINGUISTIC_TYPE${withCv ? ' CONTROLLED_VOCABULARY_REF="rituals"' : ''} GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="utterance-cv" TIME_ALIGNABLE="true"/>`,
    ...constraints.map(
      (stereotype) =>
        `    <LINGUISTIC_TYPE CONSTRAINTS="${stereotype}" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="${stereotype}" TIME_ALIGNABLE="${stereotype === 'Time_Subdivision' || stereotype === 'Included_In'}"/>`,
    ),
  ];
  const vocabulary = withCv
    ? [
        '    <CONTROLLED_VOCABULARY CV_ID="rituals">',
        '        <DESCRIPTION LANG_REF="vie">Nghi lễ</DESCRIPTION>',
        ...cvEntries.map(
          (entry) =>
            `        <CV_ENTRY_ML CVE_ID="${entry}">\n            <CVE_VALUE LANG_REF="tyz">${entry.slice(4)}</CVE_VALUE>\n            <CVE_VALUE DESCRIPTION="Tiếng Việt" LANG_REF="vie">${entry.slice(4)} vi</CVE_VALUE>\n        </CV_ENTRY_ML>`,
        ),
        '    </CONTROLLED_VOCABULARY>',
      ]
    : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ANNOTATION_DOCUMENT AUTHOR="${xmlEscape(r.pick(['', 'Linh', 'Hoa & Linh']))}" DATE="2024-03-0${r.int(1, 9)}T09:00:00+07:00" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">`,
    '    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">',
    '        <MEDIA_DESCRIPTOR MEDIA_URL="file:///song.flac" MIME_TYPE="audio/x-flac" RELATIVE_MEDIA_URL="./song.flac"/>',
    `        <PROPERTY NAME="URN">urn:nl-mpi-tools-elan-eaf:${seed}</PROPERTY>`,
    `        <PROPERTY NAME="lastUsedAnnotationId">${annotationCount}</PROPERTY>`,
    '    </HEADER>',
    slots.length === 0
      ? '    <TIME_ORDER/>'
      : `    <TIME_ORDER>\n${slots.map((s) => `        ${s}`).join('\n')}\n    </TIME_ORDER>`,
    ...tiers,
    ...types,
    '    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00130975-001" LANG_ID="tyz" LANG_LABEL="Tày (tyz)"/>',
    '    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00133185-001" LANG_ID="vie" LANG_LABEL="Vietnamese (vie)"/>',
    ...constraints.map(
      (stereotype) => `    <CONSTRAINT DESCRIPTION="${stereotype}" STEREOTYPE="${stereotype}"/>`,
    ),
    ...vocabulary,
    '</ANNOTATION_DOCUMENT>',
    '',
  ].join('\n');
}

const schemaFile = corpusEaf('EAFv3.0.xsd');
const schema = existsSync(schemaFile)
  ? { fileName: 'EAFv3.0.xsd', contents: readFileSync(schemaFile, 'utf8') }
  : undefined;

async function schemaErrors(xml: string): Promise<string[]> {
  if (!schema) return [];
  const result = await validateXML({ xml: { fileName: 'doc.eaf', contents: xml }, schema });
  return result.errors.slice(0, 3).map((error) => error.rawMessage);
}

const seeds = Array.from({ length: 40 }, (_, index) => index + 1);

describe('any ELAN document imported and exported again', () => {
  it.each(seeds)('comes back as the same valid document (seed %i)', async (seed) => {
    const xml = generateEaf(seed);
    const original = parseEaf(xml, { sourceName: `seed-${seed}.eaf` });
    expect(await schemaErrors(xml)).toEqual([]);
    const options = { asset: 'song.flac', author: 'Linh', created: '2024-03-01T09:00:00+07:00' };
    const tierTypes = Object.fromEntries(
      original.tiers.map((tier, index) => [
        tier.id,
        index % 3 === 2 ? null : ('transcription' as const),
      ]),
    );
    const imported = eafToAnnotations(original, { ...options, tierTypes });
    const exported = annotationsToEaf(original, imported.annotations, { asset: 'song.flac' });
    expect(exported.skipped).toEqual([]);
    const written = serializeEaf(exported.document);
    expect(parseEaf(written, { sourceName: 'export.eaf' })).toEqual(original);
    expect(written).toBe(serializeEaf(original));
    expect(await schemaErrors(written)).toEqual([]);
    const again = eafToAnnotations(parseEaf(written, { sourceName: 'export.eaf' }), {
      ...options,
      tierTypes,
    });
    expect(mergeImported(imported.annotations, again.annotations).added).toEqual([]);
  });
});
