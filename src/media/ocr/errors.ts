/**
 * How OCR fails. `BadImageError` is permanent (the same bytes fail the same way every
 * time), so a queue should give up at once (BullMQ's `UnrecoverableError`);
 * `OcrProcessError` may pass on a retry; `MissingLanguageDataError` stops start-up.
 */

/** The input itself is unusable: unknown format, truncated, too large, or hostile. */
export class BadImageError extends Error {
  readonly permanent = true;
  constructor(
    /** The file that was refused. */
    readonly file: string,
    /** Why, in words an archivist can act on. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'BadImageError';
  }
}

/** A helper process or an OCR worker failed for a reason that may pass (timeout, killed). */
export class OcrProcessError extends Error {
  readonly permanent = false;
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'OcrProcessError';
  }
}

/** A configured OCR language has no installed language data package. */
export class MissingLanguageDataError extends Error {
  constructor(
    readonly language: string,
    /** The npm package that provides it, e.g. `@tesseract.js-data/vie`. */
    readonly packageName: string,
    detail: string,
  ) {
    super(
      `OCR language "${language}" has no language data (${detail}): install the npm package ${packageName} (npm install ${packageName})`,
    );
    this.name = 'MissingLanguageDataError';
  }
}
