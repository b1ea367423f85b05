import type { FieldsOf } from './attribute-fields.js';
import type {
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

/*
 * An ELAN annotation document as the EAF 3.0 schema describes it. Every element keeps
 * its attributes (known ones as fields, any others in `extraAttributes`) and lists keep
 * document order, so that serialising a parsed 3.0 document gives the same XML tree.
 */

export type EafDocumentAttributes = FieldsOf<typeof documentSpec>;
export type EafLicense = FieldsOf<typeof licenseSpec> & { text: string };
export type EafMediaDescriptor = FieldsOf<typeof mediaDescriptorSpec>;
export type EafLinkedFileDescriptor = FieldsOf<typeof linkedFileDescriptorSpec>;
export type EafProperty = FieldsOf<typeof propertySpec> & { value: string };
export type EafHeader = FieldsOf<typeof headerSpec> & {
  mediaDescriptors: EafMediaDescriptor[];
  linkedFileDescriptors: EafLinkedFileDescriptor[];
  properties: EafProperty[];
};

/** A point on the time line; `value` (milliseconds) is absent for unaligned slots. */
export interface EafTimeSlot {
  id: string;
  value?: number;
  extraAttributes?: Record<string, string>;
}

export type EafAlignableAnnotation = FieldsOf<typeof alignableAnnotationSpec> & {
  kind: 'alignable';
  value: string;
};
export type EafReferenceAnnotation = FieldsOf<typeof referenceAnnotationSpec> & {
  kind: 'reference';
  value: string;
};
export type EafAnnotation = EafAlignableAnnotation | EafReferenceAnnotation;
export type EafTier = FieldsOf<typeof tierSpec> & { annotations: EafAnnotation[] };

export type EafLinguisticType = FieldsOf<typeof linguisticTypeSpec>;
export type EafLocale = FieldsOf<typeof localeSpec>;
export type EafLanguage = FieldsOf<typeof languageSpec>;
export type EafConstraint = FieldsOf<typeof constraintSpec>;

export type EafCvDescription = FieldsOf<typeof cvDescriptionSpec> & { text: string };
export type EafCvEntryValue = FieldsOf<typeof cvEntryValueSpec> & { text: string };
export type EafCvEntry = FieldsOf<typeof cvEntrySpec> & { values: EafCvEntryValue[] };
export type EafControlledVocabulary = FieldsOf<typeof controlledVocabularySpec> & {
  descriptions: EafCvDescription[];
  entries: EafCvEntry[];
};

export type EafLexiconRef = FieldsOf<typeof lexiconRefSpec>;
export type EafCrossRefLink = FieldsOf<typeof crossRefLinkSpec> & { kind: 'cross'; text: string };
export type EafGroupRefLink = FieldsOf<typeof groupRefLinkSpec> & { kind: 'group'; text: string };
export type EafRefLinkSet = FieldsOf<typeof refLinkSetSpec> & {
  links: (EafCrossRefLink | EafGroupRefLink)[];
};
export type EafExternalRef = FieldsOf<typeof externalRefSpec>;

/** A whole ELAN document; lists follow the element order of the EAF 3.0 schema. */
export interface EafDocument {
  /** FORMAT (or VERSION) of the document as read, e.g. `2.7`; exports are always EAF 3.0. */
  sourceFormat: string;
  attributes: EafDocumentAttributes;
  licenses: EafLicense[];
  header: EafHeader;
  timeSlots: EafTimeSlot[];
  tiers: EafTier[];
  linguisticTypes: EafLinguisticType[];
  locales: EafLocale[];
  languages: EafLanguage[];
  constraints: EafConstraint[];
  controlledVocabularies: EafControlledVocabulary[];
  lexiconRefs: EafLexiconRef[];
  refLinkSets: EafRefLinkSet[];
  externalRefs: EafExternalRef[];
}

/** A document with no content yet: what a reader fills in, or a new ELAN file starts from. */
export function emptyEafDocument(
  sourceFormat: string,
  attributes: EafDocumentAttributes,
  header: EafHeader = { mediaDescriptors: [], linkedFileDescriptors: [], properties: [] },
): EafDocument {
  return {
    sourceFormat,
    attributes,
    licenses: [],
    header,
    timeSlots: [],
    tiers: [],
    linguisticTypes: [],
    locales: [],
    languages: [],
    constraints: [],
    controlledVocabularies: [],
    lexiconRefs: [],
    refLinkSets: [],
    externalRefs: [],
  };
}
