import { readFileSync } from 'node:fs';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parseEaf, serializeEaf } from '../../../src/formats/index.js';
import { corpusFile } from '../../support/corpus.js';
import { describeWithCorpus, itWithCorpus } from '../../support/corpus-tests.js';

const read = (name: string) => readFileSync(corpusFile('eaf', name));

/** Validates with libxml2 (compiled to WebAssembly), the validator xmllint uses. */
async function validateAgainstEaf30(xml: string, fileName: string) {
  const schema = { fileName: 'EAFv3.0.xsd', contents: read('EAFv3.0.xsd').toString('utf8') };
  const result = await validateXML({ xml: { fileName, contents: xml }, schema });
  return {
    valid: result.valid,
    errors: result.errors.slice(0, 5).map((error) => error.rawMessage),
  };
}

/** An independent view of an XML document: names, attributes (sorted), own text and children, in order. */
interface TreeNode {
  name: string;
  attributes: [string, string][];
  text: string;
  children: TreeNode[];
}

function toTree(element: Element): TreeNode {
  const attributes: [string, string][] = [];
  for (let index = 0; index < element.attributes.length; index += 1) {
    const attribute = element.attributes.item(index);
    if (attribute) attributes.push([attribute.name, attribute.value]);
  }
  attributes.sort(([a], [b]) => (a < b ? -1 : 1));
  const children: TreeNode[] = [];
  let text = '';
  for (let child: Node | null = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) children.push(toTree(child as Element));
    else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE)
      text += child.nodeValue;
  }
  return {
    name: element.tagName,
    attributes,
    text: children.length > 0 ? text.trim() : text,
    children,
  };
}

const dom = (xml: string | Buffer) => new DOMParser().parseFromString(xml.toString(), 'text/xml');
const elements = (document: ReturnType<typeof dom>, name: string) =>
  Array.from(document.getElementsByTagName(name));

describeWithCorpus('EAF 3.0 corpus document', () => {
  let original: Buffer;
  let exported: string;
  let before: ReturnType<typeof dom>;
  let after: ReturnType<typeof dom>;
  beforeAll(() => {
    original = read('sample_3.0.eaf');
    exported = serializeEaf(parseEaf(original, { sourceName: 'sample_3.0.eaf' }));
    before = dom(original);
    after = dom(exported);
  });

  it('exports to the same XML tree: elements, attributes, values and order', () => {
    const expected = before.documentElement;
    const actual = after.documentElement;
    if (!expected || !actual) throw new Error('no root element');
    expect(toTree(actual)).toEqual(toTree(expected));
  });

  it('keeps all 8,778 annotations', () => {
    expect(elements(before, 'ANNOTATION')).toHaveLength(8778);
    expect(elements(after, 'ANNOTATION')).toHaveLength(8778);
  });

  it('validates against the EAF 3.0 schema', async () => {
    expect(await validateAgainstEaf30(exported, 'sample_3.0.export.eaf')).toEqual({
      valid: true,
      errors: [],
    });
  });
});

describeWithCorpus('EAF 2.7 corpus document exported as EAF 3.0', () => {
  let original: Buffer;
  let exported: string;
  let before: ReturnType<typeof dom>;
  let after: ReturnType<typeof dom>;
  beforeAll(() => {
    original = read('sample_2.7.eaf');
    exported = serializeEaf(parseEaf(original, { sourceName: 'sample_2.7.eaf' }));
    before = dom(original);
    after = dom(exported);
  });

  it('validates against the EAF 3.0 schema, which the 2.7 original does not', async () => {
    expect(await validateAgainstEaf30(exported, 'sample_2.7.export.eaf')).toEqual({
      valid: true,
      errors: [],
    });
    expect((await validateAgainstEaf30(original.toString('utf8'), 'sample_2.7.eaf')).valid).toBe(
      false,
    );
    expect(after.documentElement?.getAttribute('VERSION')).toBe('3.0');
  });

  it('keeps the same tiers in the same order', () => {
    const describeTier = (tier: Element) =>
      ['TIER_ID', 'PARENT_REF', 'LINGUISTIC_TYPE_REF', 'DEFAULT_LOCALE'].map((name) =>
        tier.getAttribute(name),
      );
    expect(elements(after, 'TIER').map(describeTier)).toEqual(
      elements(before, 'TIER').map(describeTier),
    );
  });

  it('keeps every annotation with its id, value, references and time values', () => {
    const timeValues = (document: ReturnType<typeof dom>) =>
      new Map(
        elements(document, 'TIME_SLOT').map((slot) => [
          slot.getAttribute('TIME_SLOT_ID'),
          slot.getAttribute('TIME_VALUE'),
        ]),
      );
    const describeAll = (document: ReturnType<typeof dom>) => {
      const times = timeValues(document);
      return elements(document, 'ANNOTATION').map((wrapper) => {
        const inner = wrapper.getElementsByTagName('*')[0];
        if (!inner) return [];
        return [
          inner.tagName,
          inner.getAttribute('ANNOTATION_ID'),
          inner.getElementsByTagName('ANNOTATION_VALUE')[0]?.textContent,
          inner.getAttribute('ANNOTATION_REF'),
          inner.getAttribute('PREVIOUS_ANNOTATION'),
          inner.getAttribute('EXT_REF'),
          times.get(inner.getAttribute('TIME_SLOT_REF1')),
          times.get(inner.getAttribute('TIME_SLOT_REF2')),
        ];
      });
    };
    const expected = describeAll(before);
    expect(expected).toHaveLength(8778);
    expect(describeAll(after)).toEqual(expected);
    expect(timeValues(after)).toEqual(timeValues(before));
  });

  it('converts each vocabulary entry to a multilingual entry with the same value, description and reference', () => {
    const legacy = elements(before, 'CONTROLLED_VOCABULARY').map((vocabulary) => ({
      id: vocabulary.getAttribute('CV_ID'),
      description: vocabulary.getAttribute('DESCRIPTION') || null,
      entries: Array.from(vocabulary.getElementsByTagName('CV_ENTRY')).map((entry) => [
        entry.textContent,
        entry.getAttribute('DESCRIPTION'),
        entry.getAttribute('EXT_REF'),
      ]),
    }));
    const multilingual = elements(after, 'CONTROLLED_VOCABULARY').map((vocabulary) => ({
      id: vocabulary.getAttribute('CV_ID'),
      description: vocabulary.getElementsByTagName('DESCRIPTION')[0]?.textContent ?? null,
      entries: Array.from(vocabulary.getElementsByTagName('CV_ENTRY_ML')).map((entry) => {
        const [value, ...others] = Array.from(entry.getElementsByTagName('CVE_VALUE'));
        expect(others).toEqual([]);
        return [
          value?.textContent,
          value?.getAttribute('DESCRIPTION'),
          entry.getAttribute('EXT_REF'),
        ];
      }),
    }));
    expect(legacy.flatMap((vocabulary) => vocabulary.entries)).toHaveLength(7);
    expect(multilingual).toEqual(legacy);
    const languageRefs = elements(after, 'CVE_VALUE').map((value) =>
      value.getAttribute('LANG_REF'),
    );
    const declared = elements(after, 'LANGUAGE').map((language) =>
      language.getAttribute('LANG_ID'),
    );
    expect(new Set(languageRefs)).toEqual(new Set(['und']));
    expect(declared).toContain('und');
  });

  it('links annotations to vocabulary entries by value, as the 3.0 version of the same document does', () => {
    const entryValue = new Map<string, string>();
    for (const vocabulary of elements(after, 'CONTROLLED_VOCABULARY')) {
      for (const entry of Array.from(vocabulary.getElementsByTagName('CV_ENTRY_ML'))) {
        const key = `${vocabulary.getAttribute('CV_ID')}/${entry.getAttribute('CVE_ID')}`;
        entryValue.set(key, entry.getElementsByTagName('CVE_VALUE')[0]?.textContent ?? '');
      }
    }
    const linked = elements(after, 'ANNOTATION')
      .map((wrapper) => wrapper.getElementsByTagName('*')[0])
      .filter((inner) => inner?.hasAttribute('CVE_REF'));
    const elanLinked = elements(dom(read('sample_3.0.eaf')), 'ANNOTATION').filter((wrapper) =>
      wrapper.getElementsByTagName('*')[0]?.hasAttribute('CVE_REF'),
    );
    expect(linked).toHaveLength(elanLinked.length);
    const vocabularyOfTier = new Map([
      ['gestures', 'Gesture'],
      ['words-pos', 'POS'],
    ]);
    for (const inner of linked) {
      const tier = (inner?.parentNode?.parentNode as Element | null)?.getAttribute('TIER_ID') ?? '';
      const value = inner?.getElementsByTagName('ANNOTATION_VALUE')[0]?.textContent;
      expect(
        entryValue.get(`${vocabularyOfTier.get(tier)}/${inner?.getAttribute('CVE_REF')}`),
      ).toBe(value);
    }
  });
});

describe('hand-made EAF 3.0 document using every element and attribute of the schema', () => {
  const original = readFileSync(
    new URL('../../fixtures/annotations/every-element-3.0.eaf', import.meta.url),
    'utf8',
  );

  const exported = serializeEaf(parseEaf(original, { sourceName: 'every-element-3.0.eaf' }));

  it('exports to the same XML tree', () => {
    const expected = dom(original).documentElement;
    const actual = dom(exported).documentElement;
    if (!expected || !actual) throw new Error('no root element');
    expect(toTree(actual)).toEqual(toTree(expected));
  });

  // The EAF 3.0 schema is a corpus file.
  itWithCorpus('is valid against the EAF 3.0 schema, and so is its export', async () => {
    expect(await validateAgainstEaf30(original, 'every-element-3.0.eaf')).toEqual({
      valid: true,
      errors: [],
    });
    expect(await validateAgainstEaf30(exported, 'every-element.export.eaf')).toEqual({
      valid: true,
      errors: [],
    });
  });
});
