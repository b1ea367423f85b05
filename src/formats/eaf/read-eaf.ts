import { checkAnnotationCount, MAX_TIME_MS } from '../document-limits.js';
import { DocumentFormatError } from '../errors.js';
import type { ReadOptions } from '../text-decoding.js';
import { parseXmlSafely, type XmlElement } from '../xml/safe-xml.js';
import { readAttributes } from './attribute-fields.js';
import { checkEafReferences } from './check-references.js';
import type {
  EafAnnotation,
  EafControlledVocabulary,
  EafDocument,
  EafHeader,
  EafRefLinkSet,
  EafTier,
  EafTimeSlot,
} from './eaf-model.js';
import { emptyEafDocument } from './eaf-model.js';
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
  timeSlotSpec,
} from './element-specs.js';
import {
  isLegacyVocabulary,
  readLegacyVocabulary,
  upgradeLegacyVocabularies,
} from './legacy-vocabulary.js';

/**
 * Reads an ELAN document (EAF 2.7 to 3.0) into the model, keeping every id, attribute
 * and element order. EAF 2.7 controlled vocabularies are converted to the 3.0 shape on
 * the way in (see legacy-vocabulary.ts), so that the document always exports as 3.0.
 * Malformed or hostile input (DOCTYPE, oversized, too many annotations, times past
 * 49 days, dangling references) is refused with an error naming the source, line and
 * attribute.
 */
export function parseEaf(input: Uint8Array | string, options: ReadOptions): EafDocument {
  const root = parseXmlSafely(input, options);
  const reader = new EafTreeReader(options);
  const { document, lineOf } = reader.readDocument(root);
  checkEafReferences(document, options.sourceName, lineOf);
  return document;
}

class EafTreeReader {
  /** Source line of each model object, for error messages found after reading. */
  readonly lineOf = new WeakMap<object, number>();
  private readonly legacyVocabularyIds = new Set<string>();
  private readonly sourceName: string;
  private annotationCount = 0;

  constructor(private readonly options: ReadOptions) {
    this.sourceName = options.sourceName;
  }

  readDocument(root: XmlElement): { document: EafDocument; lineOf: WeakMap<object, number> } {
    if (root.name !== 'ANNOTATION_DOCUMENT') {
      throw this.fail(root, `root element is <${root.name}>, expected <ANNOTATION_DOCUMENT>`);
    }
    const attributes = readAttributes(documentSpec, root, this.sourceName);
    const document = emptyEafDocument(attributes.format ?? attributes.version, attributes);
    let header: EafHeader | undefined;
    let timeOrder: EafTimeSlot[] | undefined;
    for (const child of this.containerChildren(root)) {
      switch (child.name) {
        case 'LICENSE':
          document.licenses.push({
            ...readAttributes(licenseSpec, child, this.sourceName),
            text: child.text,
          });
          break;
        case 'HEADER':
          if (header) throw this.fail(child, 'a second <HEADER>');
          header = this.readHeader(child);
          break;
        case 'TIME_ORDER':
          if (timeOrder) throw this.fail(child, 'a second <TIME_ORDER>');
          timeOrder = this.readTimeOrder(child);
          break;
        case 'TIER':
          document.tiers.push(this.readTier(child));
          break;
        case 'LINGUISTIC_TYPE':
          document.linguisticTypes.push(
            this.track(child, readAttributes(linguisticTypeSpec, child, this.sourceName)),
          );
          break;
        case 'LOCALE':
          document.locales.push(readAttributes(localeSpec, child, this.sourceName));
          break;
        case 'LANGUAGE':
          document.languages.push(readAttributes(languageSpec, child, this.sourceName));
          break;
        case 'CONSTRAINT':
          document.constraints.push(readAttributes(constraintSpec, child, this.sourceName));
          break;
        case 'CONTROLLED_VOCABULARY':
          document.controlledVocabularies.push(this.readVocabulary(child));
          break;
        case 'LEXICON_REF':
          document.lexiconRefs.push(readAttributes(lexiconRefSpec, child, this.sourceName));
          break;
        case 'REF_LINK_SET':
          document.refLinkSets.push(this.readRefLinkSet(child));
          break;
        case 'EXTERNAL_REF':
          document.externalRefs.push(readAttributes(externalRefSpec, child, this.sourceName));
          break;
        default:
          throw this.fail(child, `unexpected element <${child.name}> in <ANNOTATION_DOCUMENT>`);
      }
    }
    if (!header) throw this.fail(root, 'the document has no <HEADER>');
    if (!timeOrder) throw this.fail(root, 'the document has no <TIME_ORDER>');
    document.header = header;
    document.timeSlots = timeOrder;
    if (this.legacyVocabularyIds.size > 0)
      upgradeLegacyVocabularies(document, this.legacyVocabularyIds);
    return { document, lineOf: this.lineOf };
  }

  private readHeader(element: XmlElement): EafHeader {
    const header: EafHeader = {
      ...readAttributes(headerSpec, element, this.sourceName),
      mediaDescriptors: [],
      linkedFileDescriptors: [],
      properties: [],
    };
    for (const child of this.containerChildren(element)) {
      if (child.name === 'MEDIA_DESCRIPTOR') {
        header.mediaDescriptors.push(readAttributes(mediaDescriptorSpec, child, this.sourceName));
      } else if (child.name === 'LINKED_FILE_DESCRIPTOR') {
        header.linkedFileDescriptors.push(
          readAttributes(linkedFileDescriptorSpec, child, this.sourceName),
        );
      } else if (child.name === 'PROPERTY') {
        header.properties.push({
          ...readAttributes(propertySpec, child, this.sourceName),
          value: child.text,
        });
      } else {
        throw this.fail(child, `unexpected element <${child.name}> in <HEADER>`);
      }
    }
    return header;
  }

  private readTimeOrder(element: XmlElement): EafTimeSlot[] {
    return this.childrenNamed(element, 'TIME_SLOT').map((child) => {
      const { value, ...rest } = readAttributes(timeSlotSpec, child, this.sourceName);
      if (value === undefined) return this.track(child, rest);
      if (!/^\d+$/.test(value) || Number(value) > MAX_TIME_MS) {
        throw this.fail(
          child,
          `time slot ${rest.id} has TIME_VALUE "${value}", expected whole milliseconds up to ${MAX_TIME_MS} (49 days)`,
          'TIME_VALUE',
        );
      }
      return this.track(child, { ...rest, value: Number(value) });
    });
  }

  private readTier(element: XmlElement): EafTier {
    const tier: EafTier = {
      ...readAttributes(tierSpec, element, this.sourceName),
      annotations: [],
    };
    for (const wrapper of this.childrenNamed(element, 'ANNOTATION')) {
      this.annotationCount += 1;
      checkAnnotationCount(this.annotationCount, this.options, { line: wrapper.line });
      const [inner, ...more] = this.containerChildren(wrapper);
      if (!inner || more.length > 0) {
        throw this.fail(
          wrapper,
          `<ANNOTATION> in tier "${tier.id}" must hold exactly one annotation`,
        );
      }
      tier.annotations.push(this.track(inner, this.readAnnotation(inner, tier.id)));
    }
    return this.track(element, tier);
  }

  private readAnnotation(element: XmlElement, tierId: string): EafAnnotation {
    const [valueElement, ...more] = this.containerChildren(element);
    if (valueElement?.name !== 'ANNOTATION_VALUE' || more.length > 0) {
      throw this.fail(
        element,
        `annotation in tier "${tierId}" must hold exactly one <ANNOTATION_VALUE>`,
      );
    }
    const value = valueElement.text;
    if (element.name === 'ALIGNABLE_ANNOTATION') {
      return {
        kind: 'alignable',
        ...readAttributes(alignableAnnotationSpec, element, this.sourceName),
        value,
      };
    }
    if (element.name === 'REF_ANNOTATION') {
      return {
        kind: 'reference',
        ...readAttributes(referenceAnnotationSpec, element, this.sourceName),
        value,
      };
    }
    throw this.fail(element, `unexpected element <${element.name}> in <ANNOTATION>`);
  }

  private readVocabulary(element: XmlElement): EafControlledVocabulary {
    if (isLegacyVocabulary(element)) {
      const vocabulary = readLegacyVocabulary(element, this.sourceName);
      this.legacyVocabularyIds.add(vocabulary.id);
      return vocabulary;
    }
    const vocabulary: EafControlledVocabulary = {
      ...readAttributes(controlledVocabularySpec, element, this.sourceName),
      descriptions: [],
      entries: [],
    };
    for (const child of this.containerChildren(element)) {
      if (child.name === 'DESCRIPTION') {
        vocabulary.descriptions.push({
          ...readAttributes(cvDescriptionSpec, child, this.sourceName),
          text: child.text,
        });
      } else if (child.name === 'CV_ENTRY_ML') {
        const values = this.childrenNamed(child, 'CVE_VALUE').map((valueElement) => ({
          ...readAttributes(cvEntryValueSpec, valueElement, this.sourceName),
          text: valueElement.text,
        }));
        vocabulary.entries.push({ ...readAttributes(cvEntrySpec, child, this.sourceName), values });
      } else {
        throw this.fail(child, `unexpected element <${child.name}> in <CONTROLLED_VOCABULARY>`);
      }
    }
    return vocabulary;
  }

  private readRefLinkSet(element: XmlElement): EafRefLinkSet {
    const set: EafRefLinkSet = {
      ...readAttributes(refLinkSetSpec, element, this.sourceName),
      links: [],
    };
    for (const child of this.containerChildren(element)) {
      if (child.name === 'CROSS_REF_LINK') {
        set.links.push({
          kind: 'cross',
          ...readAttributes(crossRefLinkSpec, child, this.sourceName),
          text: child.text,
        });
      } else if (child.name === 'GROUP_REF_LINK') {
        set.links.push({
          kind: 'group',
          ...readAttributes(groupRefLinkSpec, child, this.sourceName),
          text: child.text,
        });
      } else {
        throw this.fail(child, `unexpected element <${child.name}> in <REF_LINK_SET>`);
      }
    }
    return set;
  }

  private childrenNamed(element: XmlElement, name: string): XmlElement[] {
    for (const child of this.containerChildren(element)) {
      if (child.name !== name)
        throw this.fail(child, `unexpected element <${child.name}> in <${element.name}>`);
    }
    return element.children;
  }

  /** The children of an element that holds elements only; stray text there is refused. */
  private containerChildren(element: XmlElement): XmlElement[] {
    if (element.text.trim() !== '') {
      throw this.fail(
        element,
        `unexpected text "${element.text.trim().slice(0, 40)}" in <${element.name}>`,
      );
    }
    return element.children;
  }

  private track<T extends object>(element: XmlElement, value: T): T {
    this.lineOf.set(value, element.line);
    return value;
  }

  private fail(element: XmlElement, message: string, field?: string): DocumentFormatError {
    return new DocumentFormatError(this.sourceName, message, { line: element.line, field });
  }
}
