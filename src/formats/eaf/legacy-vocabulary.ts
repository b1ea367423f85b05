import { DocumentFormatError } from '../errors.js';
import type { XmlElement } from '../xml/safe-xml.js';
import { readAttributes } from './attribute-fields.js';
import type { EafControlledVocabulary, EafDocument, EafLanguage } from './eaf-model.js';
import { legacyControlledVocabularySpec, legacyCvEntrySpec } from './element-specs.js';

/**
 * EAF 2.7 vocabularies carry no language. ELAN files their values under "und"
 * (undetermined) when it upgrades a document to the multilingual 2.8+ format; so do we,
 * with the same definition URL ELAN writes.
 */
const UNDETERMINED_LANGUAGE: EafLanguage = {
  id: 'und',
  definition: 'http://cdb.iso.org/lg/CDB-00130975-001',
  label: 'undetermined (und)',
};

/** True for an EAF 2.7-style vocabulary: a DESCRIPTION attribute or `CV_ENTRY` children. */
export function isLegacyVocabulary(element: XmlElement): boolean {
  return (
    element.attributes.DESCRIPTION !== undefined ||
    element.children.some((child) => child.name === 'CV_ENTRY')
  );
}

/**
 * Converts a 2.7 vocabulary to the 3.0 shape: its DESCRIPTION attribute becomes a
 * `DESCRIPTION` element and each `CV_ENTRY` a `CV_ENTRY_ML` with one `CVE_VALUE`, all in
 * the undetermined language. Entry ids are `cveid<position>`, as ELAN numbers them.
 */
export function readLegacyVocabulary(
  element: XmlElement,
  sourceName: string,
): EafControlledVocabulary {
  const { description, ...attributes } = readAttributes(
    legacyControlledVocabularySpec,
    element,
    sourceName,
  );
  if (element.text.trim() !== '') {
    throw new DocumentFormatError(sourceName, 'unexpected text in <CONTROLLED_VOCABULARY>', {
      line: element.line,
    });
  }
  const entries = element.children.map((child, index) => {
    if (child.name !== 'CV_ENTRY') {
      throw new DocumentFormatError(
        sourceName,
        `unexpected element <${child.name}> in an EAF 2.7 vocabulary`,
        {
          line: child.line,
        },
      );
    }
    const { description: entryDescription, ...entryAttributes } = readAttributes(
      legacyCvEntrySpec,
      child,
      sourceName,
    );
    const value = { langRef: UNDETERMINED_LANGUAGE.id, text: child.text };
    return {
      id: `cveid${index}`,
      ...entryAttributes,
      values: [
        entryDescription === undefined ? value : { ...value, description: entryDescription },
      ],
    };
  });
  const descriptions = description
    ? [{ langRef: UNDETERMINED_LANGUAGE.id, text: description }]
    : [];
  return { ...attributes, descriptions, entries };
}

/**
 * Finishes the upgrade of a document whose vocabularies were converted: declares the
 * undetermined language, and links each annotation on a vocabulary-bound tier to the
 * entry whose value it holds (`CVE_REF`), as EAF 3.0 annotations do.
 */
export function upgradeLegacyVocabularies(
  document: EafDocument,
  legacyVocabularyIds: ReadonlySet<string>,
): void {
  if (!document.languages.some((language) => language.id === UNDETERMINED_LANGUAGE.id)) {
    document.languages.push({ ...UNDETERMINED_LANGUAGE });
  }
  const vocabularyOfType = new Map(
    document.linguisticTypes.map((type) => [type.id, type.controlledVocabularyRef] as const),
  );
  const entryIdsByValue = new Map<string, Map<string, string>>();
  for (const vocabulary of document.controlledVocabularies) {
    if (!legacyVocabularyIds.has(vocabulary.id)) continue;
    const byValue = new Map<string, string>();
    for (const entry of vocabulary.entries) {
      const text = entry.values[0]?.text;
      if (text !== undefined && !byValue.has(text)) byValue.set(text, entry.id);
    }
    entryIdsByValue.set(vocabulary.id, byValue);
  }
  for (const tier of document.tiers) {
    const vocabularyId = vocabularyOfType.get(tier.linguisticTypeRef);
    const byValue = vocabularyId === undefined ? undefined : entryIdsByValue.get(vocabularyId);
    if (!byValue) continue;
    for (const annotation of tier.annotations) {
      const entryId = byValue.get(annotation.value);
      if (annotation.cveRef === undefined && entryId !== undefined) annotation.cveRef = entryId;
    }
  }
}
