/** Characters XML 1.0 cannot carry at all, not even as character references. */
const FORBIDDEN_IN_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control characters XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Thrown when a value holds a character that no XML document can contain. */
export class UnwritableXmlTextError extends Error {
  override readonly name = 'UnwritableXmlTextError';
}

function assertWritable(value: string, what: string): void {
  const match = FORBIDDEN_IN_XML.exec(value);
  if (match) {
    const code = match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
    throw new UnwritableXmlTextError(`${what} contains U+${code}, which XML cannot represent`);
  }
}

/** Escapes character data; `\r` is kept as a reference so that parsers do not fold it. */
export function escapeXmlText(value: string, what: string): string {
  assertWritable(value, what);
  return value.replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

/** Escapes an attribute value; whitespace controls are kept as references (attribute normalisation would fold them). */
export function escapeXmlAttribute(value: string, what: string): string {
  assertWritable(value, what);
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
