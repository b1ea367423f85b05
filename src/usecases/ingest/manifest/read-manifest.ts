import { Transform, type TransformCallback } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { openDepositFile, RefusedFileError } from '../open-deposit-file.js';
import { CsvCellGuard } from './csv-cell-guard.js';
import { checkHeaders, columnForHeader, type ManifestColumn } from './manifest-columns.js';
import { ManifestError, type ManifestProblem } from './manifest-problem.js';
import type { ManifestRow } from './parse-manifest-row.js';

/** How a manifest may be read: where it must stay, and how large it and its cells may be. */
export interface ManifestRules {
  /** The deposit folder's real path, when the manifest is inside it. */
  root?: string;
  maxBytes: number;
  maxCellLength: number;
  /** Keep unknown columns that look like typos of known ones as `extra`. */
  keepUnknownColumns?: boolean;
}

/**
 * Streams a manifest's rows, CSV (UTF-8 with or without BOM) or JSON (an array of
 * objects, or `{ "items": [...] }`), so a 10,000-row spreadsheet is never held as
 * text in memory. Bytes that are not UTF-8 stop the read with an error naming the
 * line, since a guessed encoding would silently mislabel names and titles. The file
 * is opened as every deposit file is (`openDepositFile`), its size is checked before
 * any of it is parsed, and a cell longer than the limit stops the read where it starts.
 */
export async function* readManifestRows(
  file: string,
  rules: ManifestRules,
): AsyncGenerator<ManifestRow> {
  const opened = await openDepositFile(file, {
    ...(rules.root === undefined ? {} : { root: rules.root }),
    maxBytes: rules.maxBytes,
    limitName: 'HERITAGE_MANIFEST_MAX_BYTES',
  }).catch((error: unknown) => {
    if (error instanceof RefusedFileError)
      throw new ManifestError([{ file, reason: error.reason }]);
    throw error;
  });
  try {
    const bytes = opened.stream();
    const decoded = bytes.pipe(new StrictUtf8Decoder(file));
    bytes.on('error', (error) => decoded.destroy(error));
    if (file.toLowerCase().endsWith('.json')) yield* readJsonRows(file, decoded, rules);
    else yield* readCsvRows(file, decoded, rules);
  } catch (error) {
    // A file that grew past its limit while being read.
    if (error instanceof RefusedFileError)
      throw new ManifestError([{ file, reason: error.reason }]);
    throw error;
  } finally {
    await opened.close();
  }
}

async function* readCsvRows(
  file: string,
  decoded: Transform,
  rules: ManifestRules,
): AsyncGenerator<ManifestRow> {
  const guard = new CsvCellGuard(rules.maxCellLength, ({ row, column }) =>
    tooLong(file, rules, row, column),
  );
  let headers: string[] = [];
  const parser = decoded.pipe(guard).pipe(
    parseCsv({
      bom: true,
      columns: (header: string[]) => {
        headers = header;
        return header;
      },
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }),
  );
  decoded.on('error', (error) => parser.destroy(error));
  guard.on('error', (error) => parser.destroy(error));
  let row = 1;
  let checked = false;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (!checked) {
        checkColumns(file, headers, rules);
        checked = true;
      }
      row += 1;
      yield toManifestRow(row, record);
    }
    if (!checked) checkColumns(file, headers, rules);
  } catch (error) {
    if (error instanceof ManifestError || error instanceof RefusedFileError) throw error;
    const problem: ManifestProblem = { file, row: row + 1, reason: (error as Error).message };
    throw new ManifestError([problem]);
  }
}

async function* readJsonRows(
  file: string,
  decoded: Transform,
  rules: ManifestRules,
): AsyncGenerator<ManifestRow> {
  let text = '';
  for await (const chunk of decoded) text += chunk;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ManifestError([{ file, reason: `is not valid JSON${whereInJson(error)}` }]);
  }
  const records = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown })?.items;
  if (!Array.isArray(records))
    throw new ManifestError([{ file, reason: 'expected an array of items or { "items": [...] }' }]);
  const rows: { row: number; cells: Record<string, string> }[] = [];
  const keys = new Set<string>();
  for (const [index, record] of records.entries()) {
    if (typeof record !== 'object' || record === null) {
      throw new ManifestError([{ file, row: index + 1, reason: 'expected an object' }]);
    }
    const cells = Object.fromEntries(
      Object.entries(record).map(([key, value]) => [
        key,
        Array.isArray(value) ? value.join('; ') : String(value ?? ''),
      ]),
    );
    for (const [key, value] of Object.entries(cells)) {
      keys.add(key);
      if (value.length > rules.maxCellLength) throw tooLong(file, rules, index + 1, key);
    }
    rows.push({ row: index + 1, cells });
  }
  checkColumns(file, [...keys], rules);
  for (const { row, cells } of rows) yield toManifestRow(row, cells);
}

/** Header problems stop the whole read: no row can be trusted to mean what it says. */
function checkColumns(file: string, headers: readonly string[], rules: ManifestRules): void {
  const problems = checkHeaders(headers, rules.keepUnknownColumns ?? false);
  if (problems.length > 0)
    throw new ManifestError(problems.map((problem) => ({ file, row: 1, ...problem })));
}

function tooLong(file: string, rules: ManifestRules, row: number, column: string): ManifestError {
  return new ManifestError([
    {
      file,
      row,
      column,
      reason: `has a cell longer than ${rules.maxCellLength} characters (HERITAGE_MANIFEST_MAX_CELL)`,
    },
  ]);
}

/** Where JSON.parse stopped, without the text around it (which would echo the file's bytes). */
function whereInJson(error: unknown): string {
  const message = (error as Error).message;
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` (line ${lineColumn[1]}, column ${lineColumn[2]})`;
  const position = /position (\d+)/.exec(message);
  if (position) return ` (at character ${position[1]})`;
  if (/end of JSON input/.test(message)) return ' (it ends too early)';
  return '';
}

function toManifestRow(row: number, record: Record<string, string>): ManifestRow {
  const cells: Partial<Record<ManifestColumn, string>> = {};
  const extra: Record<string, string> = {};
  for (const [header, value] of Object.entries(record)) {
    const column = columnForHeader(header);
    if (column) cells[column] = value.normalize('NFC');
    else if (value !== '') extra[header] = value.normalize('NFC');
  }
  return { row, cells, extra };
}

/** Decodes UTF-8 and fails on the first invalid byte, naming its line. */
class StrictUtf8Decoder extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private line = 1;

  constructor(private readonly file: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.decode(chunk, true, done);
  }

  override _flush(done: TransformCallback): void {
    this.decode(new Uint8Array(), false, done);
  }

  private decode(bytes: Uint8Array, stream: boolean, done: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream });
    } catch {
      // Decode again leniently to find the line of the first bad byte.
      const lenient = new TextDecoder('utf-8').decode(bytes);
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      const line = this.line + (before.match(/\n/g)?.length ?? 0);
      const reason = 'is not UTF-8 text (save the spreadsheet as "CSV UTF-8")';
      done(new ManifestError([{ file: this.file, row: line, reason }]));
      return;
    }
    this.line += text.match(/\n/g)?.length ?? 0;
    done(null, text);
  }
}
