import { elementSpec } from './attribute-fields.js';

/*
 * Attribute mappings of every EAF 3.0 element (see EAFv3.0.xsd). Field names are the
 * attribute names in camelCase; `required` follows the schema's `use="required"`.
 */

export const documentSpec = elementSpec(
  'ANNOTATION_DOCUMENT',
  { author: 'AUTHOR', date: 'DATE', version: 'VERSION', format: 'FORMAT' },
  ['author', 'date', 'version'],
);
export const licenseSpec = elementSpec('LICENSE', { url: 'LICENSE_URL' }, []);
export const headerSpec = elementSpec(
  'HEADER',
  { mediaFile: 'MEDIA_FILE', timeUnits: 'TIME_UNITS' },
  [],
);
export const mediaDescriptorSpec = elementSpec(
  'MEDIA_DESCRIPTOR',
  {
    mediaUrl: 'MEDIA_URL',
    relativeMediaUrl: 'RELATIVE_MEDIA_URL',
    mimeType: 'MIME_TYPE',
    timeOrigin: 'TIME_ORIGIN',
    extractedFrom: 'EXTRACTED_FROM',
  },
  ['mediaUrl', 'mimeType'],
);
export const linkedFileDescriptorSpec = elementSpec(
  'LINKED_FILE_DESCRIPTOR',
  {
    linkUrl: 'LINK_URL',
    relativeLinkUrl: 'RELATIVE_LINK_URL',
    mimeType: 'MIME_TYPE',
    timeOrigin: 'TIME_ORIGIN',
    associatedWith: 'ASSOCIATED_WITH',
  },
  ['linkUrl', 'mimeType'],
);
export const propertySpec = elementSpec('PROPERTY', { name: 'NAME' }, []);
export const timeSlotSpec = elementSpec('TIME_SLOT', { id: 'TIME_SLOT_ID', value: 'TIME_VALUE' }, [
  'id',
]);
export const tierSpec = elementSpec(
  'TIER',
  {
    id: 'TIER_ID',
    participant: 'PARTICIPANT',
    annotator: 'ANNOTATOR',
    linguisticTypeRef: 'LINGUISTIC_TYPE_REF',
    defaultLocale: 'DEFAULT_LOCALE',
    parentRef: 'PARENT_REF',
    extRef: 'EXT_REF',
    langRef: 'LANG_REF',
  },
  ['id', 'linguisticTypeRef'],
);
const annotationFields = {
  id: 'ANNOTATION_ID',
  extRef: 'EXT_REF',
  langRef: 'LANG_REF',
  cveRef: 'CVE_REF',
} as const;
export const alignableAnnotationSpec = elementSpec(
  'ALIGNABLE_ANNOTATION',
  {
    ...annotationFields,
    timeSlotRef1: 'TIME_SLOT_REF1',
    timeSlotRef2: 'TIME_SLOT_REF2',
    svgRef: 'SVG_REF',
  },
  ['id', 'timeSlotRef1', 'timeSlotRef2'],
);
export const referenceAnnotationSpec = elementSpec(
  'REF_ANNOTATION',
  {
    ...annotationFields,
    annotationRef: 'ANNOTATION_REF',
    previousAnnotation: 'PREVIOUS_ANNOTATION',
  },
  ['id', 'annotationRef'],
);
export const linguisticTypeSpec = elementSpec(
  'LINGUISTIC_TYPE',
  {
    id: 'LINGUISTIC_TYPE_ID',
    timeAlignable: 'TIME_ALIGNABLE',
    constraints: 'CONSTRAINTS',
    graphicReferences: 'GRAPHIC_REFERENCES',
    controlledVocabularyRef: 'CONTROLLED_VOCABULARY_REF',
    extRef: 'EXT_REF',
    lexiconRef: 'LEXICON_REF',
  },
  ['id'],
);
export const localeSpec = elementSpec(
  'LOCALE',
  { languageCode: 'LANGUAGE_CODE', countryCode: 'COUNTRY_CODE', variant: 'VARIANT' },
  ['languageCode'],
);
export const languageSpec = elementSpec(
  'LANGUAGE',
  { id: 'LANG_ID', definition: 'LANG_DEF', label: 'LANG_LABEL' },
  ['id'],
);
export const constraintSpec = elementSpec(
  'CONSTRAINT',
  { stereotype: 'STEREOTYPE', description: 'DESCRIPTION' },
  ['stereotype'],
);
export const controlledVocabularySpec = elementSpec(
  'CONTROLLED_VOCABULARY',
  { id: 'CV_ID', extRef: 'EXT_REF' },
  ['id'],
);
export const cvDescriptionSpec = elementSpec('DESCRIPTION', { langRef: 'LANG_REF' }, ['langRef']);
export const cvEntrySpec = elementSpec('CV_ENTRY_ML', { id: 'CVE_ID', extRef: 'EXT_REF' }, ['id']);
export const cvEntryValueSpec = elementSpec(
  'CVE_VALUE',
  { langRef: 'LANG_REF', description: 'DESCRIPTION' },
  ['langRef'],
);
/** EAF 2.7 and older: a vocabulary with one DESCRIPTION attribute and single-language entries. */
export const legacyControlledVocabularySpec = elementSpec(
  'CONTROLLED_VOCABULARY',
  { id: 'CV_ID', extRef: 'EXT_REF', description: 'DESCRIPTION' },
  ['id'],
);
export const legacyCvEntrySpec = elementSpec(
  'CV_ENTRY',
  { description: 'DESCRIPTION', extRef: 'EXT_REF' },
  [],
);
export const lexiconRefSpec = elementSpec(
  'LEXICON_REF',
  {
    id: 'LEX_REF_ID',
    name: 'NAME',
    type: 'TYPE',
    url: 'URL',
    lexiconId: 'LEXICON_ID',
    lexiconName: 'LEXICON_NAME',
    datcatId: 'DATCAT_ID',
    datcatName: 'DATCAT_NAME',
  },
  ['id', 'name', 'type', 'url', 'lexiconId', 'lexiconName'],
);
export const refLinkSetSpec = elementSpec(
  'REF_LINK_SET',
  {
    id: 'LINK_SET_ID',
    name: 'LINK_SET_NAME',
    extRef: 'EXT_REF',
    langRef: 'LANG_REF',
    cvRef: 'CV_REF',
  },
  ['id'],
);
const refLinkFields = {
  id: 'REF_LINK_ID',
  name: 'REF_LINK_NAME',
  extRef: 'EXT_REF',
  langRef: 'LANG_REF',
  cveRef: 'CVE_REF',
  refType: 'REF_TYPE',
} as const;
export const crossRefLinkSpec = elementSpec(
  'CROSS_REF_LINK',
  { ...refLinkFields, ref1: 'REF1', ref2: 'REF2', directionality: 'DIRECTIONALITY' },
  ['id', 'ref1', 'ref2'],
);
export const groupRefLinkSpec = elementSpec('GROUP_REF_LINK', { ...refLinkFields, refs: 'REFS' }, [
  'id',
  'refs',
]);
export const externalRefSpec = elementSpec(
  'EXTERNAL_REF',
  { id: 'EXT_REF_ID', type: 'TYPE', value: 'VALUE' },
  ['id', 'type', 'value'],
);
