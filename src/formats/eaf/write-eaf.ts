import { escapeXmlText } from '../xml/xml-text.js';
import {
  type AttributeFields,
  type AttributeMap,
  type ElementSpec,
  formatAttributes,
  writeAttributes,
} from './attribute-fields.js';
import { assertEafSchema } from './check-eaf-schema.js';
import type { EafAnnotation, EafDocument, EafDocumentAttributes, EafTier } from './eaf-model.js';
import {
  alignableAnnotationSpec,
  constraintSpec,
  controlledVocabularySpec,
  crossRefLinkSpec,
  cvDescriptionSpec,
  cvEntrySpec,
  cvEntryValueSpec,
  documentSpec,
  externalRefSpec,
  groupRefLinkSpec,
  headerSpec,
  languageSpec,
  lexiconRefSpec,
  licenseSpec,
  linguisticTypeSpec,
  linkedFileDescriptorSpec,
  localeSpec,
  mediaDescriptorSpec,
  propertySpec,
  referenceAnnotationSpec,
  refLinkSetSpec,
  tierSpec,
} from './element-specs.js';

/** The schema location ELAN writes into EAF 3.0 documents. */
export const EAF_30_SCHEMA_URL = 'http://www.mpi.nl/tools/elan/EAFv3.0.xsd';

const INDENT = '    ';

/**
 * Writes a document as EAF 3.0, laid out as ELAN writes it (four-space indentation,
 * attributes in ASCII order), so that an unchanged 3.0 document round-trips to the same
 * XML tree. A 2.x document gets FORMAT/VERSION 3.0 and the 3.0 schema location. A
 * document that would fail the EAF 3.0 schema is refused with `EafSchemaError`.
 */
export function serializeEaf(document: EafDocument): string {
  const attributes = asEaf30(document.attributes);
  assertEafSchema({ ...document, attributes });
  const out = new EafLines();
  out.push(0, '<?xml version="1.0" encoding="UTF-8"?>');
  out.open(0, 'ANNOTATION_DOCUMENT', writeAttributes(documentSpec, attributes));
  for (const license of document.licenses) out.text(1, licenseSpec, license, license.text);
  writeHeader(out, document);
  writeTimeOrder(out, document);
  for (const tier of document.tiers) writeTier(out, tier);
  for (const type of document.linguisticTypes) out.empty(1, linguisticTypeSpec, type);
  for (const locale of document.locales) out.empty(1, localeSpec, locale);
  for (const language of document.languages) out.empty(1, languageSpec, language);
  for (const constraint of document.constraints) out.empty(1, constraintSpec, constraint);
  for (const vocabulary of document.controlledVocabularies) {
    const children = vocabulary.descriptions.length + vocabulary.entries.length;
    const attributes = writeAttributes(controlledVocabularySpec, vocabulary);
    out.parent(1, 'CONTROLLED_VOCABULARY', attributes, children, () => {
      for (const description of vocabulary.descriptions)
        out.text(2, cvDescriptionSpec, description, description.text);
      for (const entry of vocabulary.entries) {
        out.open(2, 'CV_ENTRY_ML', writeAttributes(cvEntrySpec, entry));
        for (const value of entry.values) out.text(3, cvEntryValueSpec, value, value.text);
        out.close(2, 'CV_ENTRY_ML');
      }
    });
  }
  for (const lexicon of document.lexiconRefs) out.empty(1, lexiconRefSpec, lexicon);
  for (const set of document.refLinkSets) {
    out.parent(1, 'REF_LINK_SET', writeAttributes(refLinkSetSpec, set), set.links.length, () => {
      for (const link of set.links) {
        if (link.kind === 'cross') out.text(2, crossRefLinkSpec, link, link.text);
        else out.text(2, groupRefLinkSpec, link, link.text);
      }
    });
  }
  for (const reference of document.externalRefs) out.empty(1, externalRefSpec, reference);
  out.close(0, 'ANNOTATION_DOCUMENT');
  return out.toString();
}

function asEaf30(attributes: EafDocumentAttributes): EafDocumentAttributes {
  if (attributes.version === '3.0' && (attributes.format ?? '3.0') === '3.0') return attributes;
  const extraAttributes = { ...attributes.extraAttributes };
  if (extraAttributes['xsi:noNamespaceSchemaLocation'] !== undefined) {
    extraAttributes['xsi:noNamespaceSchemaLocation'] = EAF_30_SCHEMA_URL;
  }
  return { ...attributes, version: '3.0', format: '3.0', extraAttributes };
}

function writeHeader(out: EafLines, document: EafDocument): void {
  const { header } = document;
  const children =
    header.mediaDescriptors.length + header.linkedFileDescriptors.length + header.properties.length;
  out.parent(1, 'HEADER', writeAttributes(headerSpec, header), children, () => {
    for (const media of header.mediaDescriptors) out.empty(2, mediaDescriptorSpec, media);
    for (const linked of header.linkedFileDescriptors)
      out.empty(2, linkedFileDescriptorSpec, linked);
    for (const property of header.properties) out.text(2, propertySpec, property, property.value);
  });
}

function writeTimeOrder(out: EafLines, document: EafDocument): void {
  out.parent(1, 'TIME_ORDER', '', document.timeSlots.length, () => {
    for (const slot of document.timeSlots) {
      const pairs: [string, string][] = [['TIME_SLOT_ID', slot.id]];
      if (slot.value !== undefined) pairs.push(['TIME_VALUE', String(slot.value)]);
      for (const [name, value] of Object.entries(slot.extraAttributes ?? {}))
        pairs.push([name, value]);
      out.push(2, `<TIME_SLOT${formatAttributes(pairs, 'TIME_SLOT')}/>`);
    }
  });
}

function writeTier(out: EafLines, tier: EafTier): void {
  out.parent(1, 'TIER', writeAttributes(tierSpec, tier), tier.annotations.length, () => {
    for (const annotation of tier.annotations) {
      out.open(2, 'ANNOTATION', '');
      writeAnnotation(out, annotation);
      out.close(2, 'ANNOTATION');
    }
  });
}

function writeAnnotation(out: EafLines, annotation: EafAnnotation): void {
  const name = annotation.kind === 'alignable' ? 'ALIGNABLE_ANNOTATION' : 'REF_ANNOTATION';
  const attributes =
    annotation.kind === 'alignable'
      ? writeAttributes(alignableAnnotationSpec, annotation)
      : writeAttributes(referenceAnnotationSpec, annotation);
  out.open(3, name, attributes);
  // ELAN writes an empty value as an open/close pair, never self-closed.
  const value = escapeXmlText(annotation.value, 'ANNOTATION_VALUE', annotation.id);
  out.push(4, `<ANNOTATION_VALUE>${value}</ANNOTATION_VALUE>`);
  out.close(3, name);
}

/** Collects indented lines; the pieces of one element are written by one call each. */
class EafLines {
  private readonly lines: string[] = [];

  push(depth: number, line: string): void {
    this.lines.push(INDENT.repeat(depth) + line);
  }

  open(depth: number, name: string, attributes: string): void {
    this.push(depth, `<${name}${attributes}>`);
  }

  close(depth: number, name: string): void {
    this.push(depth, `</${name}>`);
  }

  /** An element that holds others, self-closed when it holds none, as ELAN writes it. */
  parent(
    depth: number,
    name: string,
    attributes: string,
    childCount: number,
    writeChildren: () => void,
  ): void {
    if (childCount === 0) {
      this.push(depth, `<${name}${attributes}/>`);
      return;
    }
    this.open(depth, name, attributes);
    writeChildren();
    this.close(depth, name);
  }

  empty<M extends AttributeMap, R extends keyof M & string>(
    depth: number,
    spec: ElementSpec<M, R>,
    fields: AttributeFields<M, R>,
  ): void {
    this.push(depth, `<${spec.element}${writeAttributes(spec, fields)}/>`);
  }

  text<M extends AttributeMap, R extends keyof M & string>(
    depth: number,
    spec: ElementSpec<M, R>,
    fields: AttributeFields<M, R>,
    text: string,
  ): void {
    const attributes = writeAttributes(spec, fields);
    if (text === '') {
      this.push(depth, `<${spec.element}${attributes}/>`);
    } else {
      this.push(
        depth,
        `<${spec.element}${attributes}>${escapeXmlText(text, spec.element)}</${spec.element}>`,
      );
    }
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
