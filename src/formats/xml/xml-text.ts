/** Characters XML 1.0 cannot carry at all, not even as character references. */
const FORBIDDEN_IN_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control characters XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Anything that needs escaping or checking; most values hold none of it and are returned as they are. */
const NEEDS_ATTENTION =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters need escaping or refusing
  /[\u0000-\u001F&<>"\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Thrown when a value holds a character that no XML document can contain. */
export class UnwritableXmlTextError extends Error {
  override readonly name = 'UnwritableXmlTextError';
}

function assertWritable(value: string, where: () => string): void {
  const match = FORBIDDEN_IN_XML.exec(value);
  if (match) {
    const code = match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
    throw new UnwritableXmlTextError(`${where()} contains U+${code}, which XML cannot represent`);
  }
}

/**
 * Escapes the text of `element` (`id` names the annotation, for the error message);
 * `\r` is kept as a reference so that parsers do not fold it.
 */
export function escapeXmlText(value: string, element: string, id?: string): string {
  if (!NEEDS_ATTENTION.test(value)) return value;
  assertWritable(value, () => (id === undefined ? element : `${element} of ${id}`));
  return value.replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

/** Escapes an attribute value; whitespace controls are kept as references (attribute normalisation would fold them). */
export function escapeXmlAttribute(value: string, element: string, attribute: string): string {
  if (!NEEDS_ATTENTION.test(value)) return value;
  assertWritable(value, () => `${element}/@${attribute}`);
  return value.replace(/[&<>"\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#13;',
};
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
};
