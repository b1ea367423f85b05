import type { EafDocument } from './eaf-model.js';

/*
 * What the EAF 3.0 schema (EAFv3.0.xsd) demands of a document, checked on the model
 * before it is written, so that heritage never hands out an ELAN file that fails the
 * schema. Checked in code rather than by shipping the schema: the schema is not
 * heritage's to redistribute, an XSD validator would add a WebAssembly libxml2 to every
 * export, and the model fixes the element order and the required attributes' presence
 * already. What is left is checked here: xs:ID values (NCNames, unique in the document),
 * every IDREF and key reference, and the typed attributes (xs:dateTime, xs:unsignedInt,
 * xs:long, xs:boolean, enumerations). The tests check the same exports with the schema
 * itself.
 */

/** A document the writer would turn into an invalid EAF file: a bug, never a file. */
export class EafSchemaError extends Error {
  override readonly name = 'EafSchemaError';

  constructor(readonly problems: readonly string[]) {
    super(
      `the ELAN document would not validate against EAF 3.0: ${problems.slice(0, 5).join('; ')}` +
        (problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''),
    );
  }
}

/** xs:dateTime as the schema reads it: date, time, optional fraction and time zone. */
export const XS_DATE_TIME =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;
/** xs:long (a decimal integer; range checked separately). */
export const XS_LONG = /^[+-]?\d+$/;
/** The values HEADER TIME_UNITS may take. */
export const TIME_UNITS = ['NTSC-frames', 'PAL-frames', 'milliseconds'] as const;

const NCNAME = /^[\p{L}_][\p{L}\p{M}\p{N}_.\-\u00B7\u203F\u2040]*$/u;
const BOOLEAN = new Set(['true', 'false', '1', '0']);
const EXTERNAL_REF_TYPES = new Set(['iso12620', 'ecv', 'cve_id', 'lexen_id', 'resource_url']);
const DIRECTIONALITIES = new Set(['undirected', 'unidirectional', 'bidirectional']);
const MAX_UNSIGNED_INT = 4_294_967_295;

/** Throws {@link EafSchemaError} when the document as written would fail the EAF 3.0 schema. */
export function assertEafSchema(document: EafDocument): void {
  const problems = eafSchemaProblems(document);
  if (problems.length > 0) throw new EafSchemaError(problems);
}

/** Every way the document as written would fail the EAF 3.0 schema (none when it validates). */
export function eafSchemaProblems(document: EafDocument): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const id = (value: string, where: string) => {
    if (!NCNAME.test(value)) problems.push(`${where}: "${value}" is not an XML name (xs:ID)`);
    else if (ids.has(value)) problems.push(`${where}: id "${value}" is used twice (xs:ID)`);
    ids.add(value);
  };
  const { attributes, header } = document;
  if (!XS_DATE_TIME.test(attributes.date))
    problems.push(`ANNOTATION_DOCUMENT DATE "${attributes.date}" is not an xs:dateTime`);
  if (
    header.timeUnits !== undefined &&
    !(TIME_UNITS as readonly string[]).includes(header.timeUnits)
  )
    problems.push(`HEADER TIME_UNITS "${header.timeUnits}" is not one of ${TIME_UNITS.join(', ')}`);
  for (const descriptor of [...header.mediaDescriptors, ...header.linkedFileDescriptors]) {
    if (descriptor.timeOrigin !== undefined && !XS_LONG.test(descriptor.timeOrigin))
      problems.push(`descriptor TIME_ORIGIN "${descriptor.timeOrigin}" is not an xs:long`);
  }

  const slots = new Set<string>();
  for (const slot of document.timeSlots) {
    id(slot.id, 'TIME_SLOT');
    slots.add(slot.id);
    const { value } = slot;
    if (
      value !== undefined &&
      !(Number.isInteger(value) && value >= 0 && value <= MAX_UNSIGNED_INT)
    )
      problems.push(`TIME_SLOT "${slot.id}": TIME_VALUE ${value} is not an xs:unsignedInt`);
  }
  const tiers = new Set<string>();
  const referenceAnnotations = new Set<string>();
  for (const tier of document.tiers) {
    if (tiers.has(tier.id)) problems.push(`TIER_ID "${tier.id}" is used twice`);
    tiers.add(tier.id);
    for (const annotation of tier.annotations) {
      id(annotation.id, `TIER "${tier.id}" annotation`);
      if (annotation.kind === 'reference') referenceAnnotations.add(annotation.id);
      else {
        for (const ref of [annotation.timeSlotRef1, annotation.timeSlotRef2]) {
          if (!slots.has(ref))
            problems.push(`annotation "${annotation.id}" refers to unknown time slot "${ref}"`);
        }
      }
    }
  }
  for (const language of document.languages) id(language.id, 'LANGUAGE');
  for (const locale of document.locales) id(locale.languageCode, 'LOCALE');
  for (const constraint of document.constraints) id(constraint.stereotype, 'CONSTRAINT');
  for (const reference of document.externalRefs) {
    id(reference.id, 'EXTERNAL_REF');
    if (!EXTERNAL_REF_TYPES.has(reference.type))
      problems.push(`EXTERNAL_REF "${reference.id}": TYPE "${reference.type}" is not allowed`);
  }
  for (const lexicon of document.lexiconRefs) id(lexicon.id, 'LEXICON_REF');
  for (const set of document.refLinkSets) {
    id(set.id, 'REF_LINK_SET');
    for (const link of set.links) {
      id(link.id, `REF_LINK_SET "${set.id}" link`);
      if (
        link.kind === 'cross' &&
        link.directionality !== undefined &&
        !DIRECTIONALITIES.has(link.directionality)
      )
        problems.push(
          `CROSS_REF_LINK "${link.id}": DIRECTIONALITY "${link.directionality}" is not allowed`,
        );
    }
  }

  // References, once every id is known.
  const languages = new Set(document.languages.map((language) => language.id));
  const idref = (value: string | undefined, where: string) => {
    if (value !== undefined && !ids.has(value))
      problems.push(`${where} "${value}" names no element`);
  };
  const idrefs = (value: string | undefined, where: string) => {
    for (const part of value?.split(/\s+/).filter(Boolean) ?? []) idref(part, where);
  };
  const languageRef = (value: string | undefined, where: string) => {
    if (value !== undefined && !languages.has(value))
      problems.push(`${where} LANG_REF "${value}" names no LANGUAGE`);
  };
  const types = new Set<string>();
  for (const type of document.linguisticTypes) {
    if (types.has(type.id)) problems.push(`LINGUISTIC_TYPE_ID "${type.id}" is used twice`);
    types.add(type.id);
  }
  for (const tier of document.tiers) {
    const where = `TIER "${tier.id}"`;
    if (!types.has(tier.linguisticTypeRef))
      problems.push(
        `${where}: LINGUISTIC_TYPE_REF "${tier.linguisticTypeRef}" names no LINGUISTIC_TYPE`,
      );
    if (tier.parentRef !== undefined && !tiers.has(tier.parentRef))
      problems.push(`${where}: PARENT_REF "${tier.parentRef}" names no TIER`);
    idref(tier.defaultLocale, `${where} DEFAULT_LOCALE`);
    idref(tier.extRef, `${where} EXT_REF`);
    languageRef(tier.langRef, where);
    for (const annotation of tier.annotations) {
      const at = `annotation "${annotation.id}"`;
      idrefs(annotation.extRef, `${at} EXT_REF`);
      languageRef(annotation.langRef, at);
      if (annotation.kind !== 'reference') continue;
      idref(annotation.annotationRef, `${at} ANNOTATION_REF`);
      if (
        annotation.previousAnnotation !== undefined &&
        !referenceAnnotations.has(annotation.previousAnnotation)
      )
        problems.push(
          `${at}: PREVIOUS_ANNOTATION "${annotation.previousAnnotation}" names no REF_ANNOTATION`,
        );
    }
  }
  const vocabularies = new Set<string>();
  for (const vocabulary of document.controlledVocabularies) {
    const where = `CONTROLLED_VOCABULARY "${vocabulary.id}"`;
    if (vocabularies.has(vocabulary.id)) problems.push(`${where} is declared twice`);
    vocabularies.add(vocabulary.id);
    idref(vocabulary.extRef, `${where} EXT_REF`);
    for (const description of vocabulary.descriptions)
      languageRef(description.langRef, `${where} DESCRIPTION`);
    const entries = new Set<string>();
    for (const entry of vocabulary.entries) {
      if (entries.has(entry.id)) problems.push(`${where}: CVE_ID "${entry.id}" is used twice`);
      entries.add(entry.id);
      if (entry.values.length === 0)
        problems.push(`${where}: CV_ENTRY_ML "${entry.id}" has no CVE_VALUE`);
      idref(entry.extRef, `${where} CV_ENTRY_ML "${entry.id}" EXT_REF`);
      for (const value of entry.values)
        languageRef(value.langRef, `${where} CVE_VALUE of "${entry.id}"`);
    }
  }
  const lexicons = new Set(document.lexiconRefs.map((lexicon) => lexicon.id));
  for (const type of document.linguisticTypes) {
    const where = `LINGUISTIC_TYPE "${type.id}"`;
    for (const [name, value] of [
      ['TIME_ALIGNABLE', type.timeAlignable],
      ['GRAPHIC_REFERENCES', type.graphicReferences],
    ] as const) {
      if (value !== undefined && !BOOLEAN.has(value))
        problems.push(`${where}: ${name} "${value}" is not an xs:boolean`);
    }
    idref(type.constraints, `${where} CONSTRAINTS`);
    idref(type.extRef, `${where} EXT_REF`);
    if (
      type.controlledVocabularyRef !== undefined &&
      !vocabularies.has(type.controlledVocabularyRef)
    )
      problems.push(
        `${where}: CONTROLLED_VOCABULARY_REF "${type.controlledVocabularyRef}" names no CONTROLLED_VOCABULARY`,
      );
    if (type.lexiconRef !== undefined && !lexicons.has(type.lexiconRef))
      problems.push(`${where}: LEXICON_REF "${type.lexiconRef}" names no LEXICON_REF`);
  }
  for (const set of document.refLinkSets) {
    idrefs(set.extRef, `REF_LINK_SET "${set.id}" EXT_REF`);
    idref(set.langRef, `REF_LINK_SET "${set.id}" LANG_REF`);
    for (const link of set.links) {
      const at = `link "${link.id}"`;
      idrefs(link.extRef, `${at} EXT_REF`);
      idref(link.langRef, `${at} LANG_REF`);
      if (link.kind === 'cross') {
        idref(link.ref1, `${at} REF1`);
        idref(link.ref2, `${at} REF2`);
      } else idrefs(link.refs, `${at} REFS`);
    }
  }
  return problems;
}
