import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { columnForHeader, type ManifestColumn } from './manifest-columns.js';
import { ManifestError, type ManifestProblem } from './manifest-problem.js';
import type { ManifestRow } from './parse-manifest-row.js';

/**
 * Streams a manifest's rows, CSV (UTF-8 with or without BOM) or JSON (an array of
 * objects, or `{ "items": [...] }`), so a 10,000-row spreadsheet is never held as
 * text in memory. Bytes that are not UTF-8 stop the read with an error naming the
 * line, since a guessed encoding would silently mislabel names and titles.
 */
export async function* readManifestRows(file: string): AsyncGenerator<ManifestRow> {
  if (file.toLowerCase().endsWith('.json')) {
    yield* readJsonRows(file);
    return;
  }
  const decoded = createReadStream(file).pipe(new StrictUtf8Decoder(file));
  const parser = decoded.pipe(
    parseCsv({
      bom: true,
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }),
  );
  decoded.on('error', (error) => parser.destroy(error));
  let row = 1;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row += 1;
      yield toManifestRow(row, record);
    }
  } catch (error) {
    if (error instanceof ManifestError) throw error;
    const problem: ManifestProblem = { file, row: row + 1, reason: (error as Error).message };
    throw new ManifestError([problem]);
  }
}

async function* readJsonRows(file: string): AsyncGenerator<ManifestRow> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file).pipe(new StrictUtf8Decoder(file)))
    chunks.push(Buffer.from(chunk));
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch (error) {
    throw new ManifestError([{ file, reason: `not valid JSON: ${(error as Error).message}` }]);
  }
  const records = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown })?.items;
  if (!Array.isArray(records))
    throw new ManifestError([{ file, reason: 'expected an array of items or { "items": [...] }' }]);
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
    yield toManifestRow(index + 1, cells);
  }
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
