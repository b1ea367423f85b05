/** Where in a document a problem was found: a line (1-based), a column or a named field. */
export interface DocumentLocation {
  line?: number;
  column?: number;
  field?: string;
}

/**
 * A transcript, annotation or vocabulary document that cannot be read or written.
 * The message always starts with the document's name and, when known, the line and field,
 * so that an archivist can find the problem without a debugger.
 */
export class DocumentFormatError extends Error {
  override readonly name = 'DocumentFormatError';

  constructor(
    readonly sourceName: string,
    readonly detail: string,
    readonly location: DocumentLocation = {},
  ) {
    super(`${sourceName}${describeLocation(location)}: ${detail}`);
  }
}

function describeLocation({ line, column, field }: DocumentLocation): string {
  const parts: string[] = [];
  if (line !== undefined)
    parts.push(column === undefined ? `line ${line}` : `line ${line}:${column}`);
  if (field !== undefined) parts.push(field);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
