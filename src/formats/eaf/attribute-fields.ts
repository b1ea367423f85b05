import { DocumentFormatError } from '../errors.js';
import type { XmlElement } from '../xml/safe-xml.js';
import { escapeXmlAttribute } from '../xml/xml-text.js';

/** Model field name -> the XML attribute name ELAN uses for it. */
export type AttributeMap = Readonly<Record<string, string>>;

/**
 * How one EAF element's attributes map to model fields. Attributes the map does not
 * name (e.g. `xmlns:xsi`, or ones a later EAF version adds) are kept in `extraAttributes`,
 * so that nothing is lost on the way through.
 */
export interface ElementSpec<M extends AttributeMap, R extends keyof M & string> {
  element: string;
  fields: M;
  required: readonly R[];
  fieldOfAttribute: ReadonlyMap<string, keyof M & string>;
  /** [attribute, field] pairs in ASCII order of the attribute names. */
  writeOrder: readonly (readonly [string, keyof M & string])[];
}

/** The model fields of one element: required attributes as strings, the others optional. */
export type AttributeFields<M extends AttributeMap, R extends keyof M> = { [K in R]: string } & {
  [K in Exclude<keyof M, R>]?: string;
} & { extraAttributes?: Record<string, string> };

/** The model fields described by a spec. */
export type FieldsOf<S> = S extends ElementSpec<infer M, infer R> ? AttributeFields<M, R> : never;

/** Declares an element's attribute mapping; `required` lists what the EAF 3.0 schema requires. */
export function elementSpec<const M extends AttributeMap, const R extends keyof M & string>(
  element: string,
  fields: M,
  required: readonly R[],
): ElementSpec<M, R> {
  const fieldOfAttribute = new Map<string, keyof M & string>();
  for (const [field, attribute] of Object.entries(fields)) fieldOfAttribute.set(attribute, field);
  const writeOrder = [...fieldOfAttribute].sort(([a], [b]) => compareNames(a, b));
  return { element, fields, required, fieldOfAttribute, writeOrder };
}

/** Reads an element's attributes into model fields, refusing a missing required attribute. */
export function readAttributes<M extends AttributeMap, R extends keyof M & string>(
  spec: ElementSpec<M, R>,
  element: XmlElement,
  sourceName: string,
): AttributeFields<M, R> {
  const result: Record<string, unknown> = {};
  let extra: Record<string, string> | undefined;
  for (const [attribute, value] of Object.entries(element.attributes)) {
    const field = spec.fieldOfAttribute.get(attribute);
    if (field === undefined) {
      extra ??= {};
      extra[attribute] = value;
    } else {
      result[field] = value;
    }
  }
  for (const field of spec.required) {
    if (result[field] === undefined) {
      const attribute = spec.fields[field] ?? field;
      throw new DocumentFormatError(
        sourceName,
        `<${spec.element}> lacks the required attribute ${attribute}`,
        {
          line: element.line,
          field: attribute,
        },
      );
    }
  }
  if (extra) result.extraAttributes = extra;
  return result as AttributeFields<M, R>;
}

/**
 * Writes model fields back as ` NAME="value"` pairs in ASCII order of the names, the
 * order ELAN itself writes, so that an unchanged document comes out as it went in.
 */
export function writeAttributes<M extends AttributeMap, R extends keyof M & string>(
  spec: ElementSpec<M, R>,
  fields: AttributeFields<M, R>,
): string {
  const pairs: [string, string][] = [];
  const values = fields as Record<string, unknown>;
  for (const [attribute, field] of spec.writeOrder) {
    const value = values[field];
    if (typeof value === 'string') pairs.push([attribute, value]);
  }
  if (fields.extraAttributes === undefined) return formatSortedAttributes(pairs, spec.element);
  for (const [attribute, value] of Object.entries(fields.extraAttributes))
    pairs.push([attribute, value]);
  return formatAttributes(pairs, spec.element);
}

/** Formats name/value pairs as XML attributes in ASCII order of the names. */
export function formatAttributes(pairs: [string, string][], element: string): string {
  pairs.sort(([a], [b]) => compareNames(a, b));
  return formatSortedAttributes(pairs, element);
}

function formatSortedAttributes(pairs: readonly [string, string][], element: string): string {
  let out = '';
  for (const [name, value] of pairs)
    out += ` ${name}="${escapeXmlAttribute(value, element, name)}"`;
  return out;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
