import { Transform, type TransformCallback } from 'node:stream';

/** Where the first cell longer than the limit starts. */
export interface LongCell {
  /** The spreadsheet row (the header is row 1). */
  row: number;
  /** The cell's header, or its position when the header row itself is too long. */
  column: string;
}

/**
 * Fails a CSV text stream at the first cell longer than `maxLength` characters, before
 * the parser buffers it: csv-parse's own limit (`max_record_size`) counts a whole record
 * and names no column. It follows quoting as RFC 4180 writes it (a `"` opens or closes a
 * quoted part, `""` inside one is a quote), which is all it takes to find cell and row
 * boundaries; the parser still does the real parsing.
 */
export class CsvCellGuard extends Transform {
  readonly #maxLength: number;
  readonly #onLongCell: (cell: LongCell) => Error;
  #quoted = false;
  #cellLength = 0;
  #cell = 0;
  #row = 1;
  #rowHasContent = false;
  #header: string[] = [];
  #headerCell = '';

  constructor(maxLength: number, onLongCell: (cell: LongCell) => Error) {
    super();
    this.#maxLength = maxLength;
    this.#onLongCell = onLongCell;
  }

  /** Chunks are whole UTF-8 characters: they come from the strict decoder. */
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const character of chunk.toString('utf8')) {
      if (character === '"') this.#quoted = !this.#quoted;
      else if (!this.#quoted && (character === ',' || character === '\n')) {
        this.#endCell();
        if (character === '\n') this.#endRow();
      } else if (character !== '\r') {
        this.#cellLength += 1;
        this.#rowHasContent = true;
        if (this.#row === 1) this.#headerCell += character;
        if (this.#cellLength > this.#maxLength) {
          const column = (this.#row > 1 && this.#header[this.#cell]) || `#${this.#cell + 1}`;
          done(this.#onLongCell({ row: this.#row, column }));
          return;
        }
      }
    }
    done(null, chunk);
  }

  #endCell(): void {
    if (this.#row === 1) this.#header.push(this.#headerCell.trim());
    this.#headerCell = '';
    this.#cellLength = 0;
    this.#cell += 1;
  }

  #endRow(): void {
    // Blank lines are skipped by the parser, so they are no row.
    if (this.#rowHasContent) this.#row += 1;
    else if (this.#row === 1) this.#header = [];
    this.#rowHasContent = false;
    this.#cell = 0;
  }
}
