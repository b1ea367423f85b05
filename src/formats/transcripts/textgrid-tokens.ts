import { DocumentFormatError } from '../errors.js';

/** A value in a Praat text file: a quoted string, a number or a `<flag>`. */
export interface PraatToken {
  kind: 'string' | 'number' | 'flag';
  text: string;
  line: number;
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Splits a Praat text file into its values, one at a time, so that a reader can refuse
 * a document (a tier size over the limit) before the rest is split. Praat's own reader
 * works this way for both the long form (`xmin = 0`, `item [1]:`) and the short form
 * (bare values): labels, `=`, `:`, `?`, bracketed indices and `!` comments carry nothing
 * and are skipped. Hand-written because npm has no maintained TextGrid parser.
 */
export function* tokenizePraatText(text: string, sourceName: string): Generator<PraatToken> {
  let line = 1;
  let position = 0;
  while (position < text.length) {
    const char = text[position] ?? '';
    if (char === '\n') {
      line += 1;
      position += 1;
    } else if (
      char === ' ' ||
      char === '\t' ||
      char === '\r' ||
      char === '=' ||
      char === ':' ||
      char === '?'
    ) {
      position += 1;
    } else if (char === '!') {
      const end = text.indexOf('\n', position);
      position = end === -1 ? text.length : end;
    } else if (char === '[') {
      const end = text.indexOf(']', position);
      if (end === -1) throw new DocumentFormatError(sourceName, 'unclosed "["', { line });
      position = end + 1;
    } else if (char === '"') {
      const startLine = line;
      let value = '';
      position += 1;
      for (;;) {
        const quote = text.indexOf('"', position);
        if (quote === -1)
          throw new DocumentFormatError(sourceName, 'unclosed string', { line: startLine });
        value += text.slice(position, quote);
        position = quote + 1;
        const next = text[position];
        if (next !== '"') {
          // As Praat's reader: only white space or the end of the text may follow a string.
          if (next !== undefined && !/\s/.test(next)) {
            throw new DocumentFormatError(
              sourceName,
              `character "${next}" following quote: end of string or undoubled quote?`,
              { line: line + countNewlines(value) },
            );
          }
          break;
        }
        value += '"'; // Praat doubles a quote inside a string.
        position += 1;
      }
      line += countNewlines(value);
      yield { kind: 'string', text: value, line: startLine };
    } else if (char === '<') {
      const end = text.indexOf('>', position);
      if (end === -1) throw new DocumentFormatError(sourceName, 'unclosed "<"', { line });
      const flag = text.slice(position + 1, end);
      position = end + 1;
      yield { kind: 'flag', text: flag, line };
    } else if (matchAt(NUMBER, text, position)) {
      const value = matchAt(NUMBER, text, position) ?? '';
      position += value.length;
      yield { kind: 'number', text: value, line };
    } else if (matchAt(WORD, text, position)) {
      position += (matchAt(WORD, text, position) ?? '').length;
    } else {
      throw new DocumentFormatError(sourceName, `unexpected character "${char}"`, { line });
    }
  }
}

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

function countNewlines(value: string): number {
  let count = 0;
  for (let index = value.indexOf('\n'); index !== -1; index = value.indexOf('\n', index + 1))
    count += 1;
  return count;
}
