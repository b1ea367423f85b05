/**
 * Runs the poppler-utils tools (pdfinfo, pdftoppm, pdftotext). Poppler, not the `mupdf`
 * npm package: mupdf is AGPL-3.0, which this Apache-2.0 project cannot take in, while
 * poppler runs as a separate process (and a crash or a hang on a hostile PDF stays there).
 */
import { execFile } from 'node:child_process';
import { BadImageError, OcrProcessError } from './errors.js';

export type PopplerTool = 'pdfinfo' | 'pdftoppm' | 'pdftotext';

export interface PopplerRun {
  tool: PopplerTool;
  args: string[];
  /** The PDF being read, for error messages. */
  file: string;
  timeoutMs: number;
  maxOutputBytes: number;
}

/** Poppler's exit codes that blame the file (1: cannot open or parse it, 3: permissions). */
const badFileExitCodes = new Set([1, 3]);

/** Runs one poppler tool and returns its standard output. */
export function runPoppler(run: PopplerRun): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      run.tool,
      run.args,
      {
        encoding: 'buffer',
        timeout: run.timeoutMs,
        maxBuffer: run.maxOutputBytes,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const lastLine = stderr.toString('utf8').trim().split('\n').at(-1) ?? '';
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          reject(new OcrProcessError(run.file, `${run.tool} not found: install poppler-utils`));
        } else if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(
            new BadImageError(run.file, `${run.tool} output exceeds ${run.maxOutputBytes} bytes`),
          );
        } else if (error.killed || error.signal) {
          reject(
            new OcrProcessError(
              run.file,
              `${run.tool} timed out or was killed (${error.signal ?? 'timeout'})`,
            ),
          );
        } else if (typeof code === 'number' && badFileExitCodes.has(code)) {
          reject(
            new BadImageError(
              run.file,
              `not a readable PDF (${run.tool}: ${lastLine || `exit code ${code}`})`,
            ),
          );
        } else {
          reject(
            new OcrProcessError(run.file, `${run.tool} failed (exit code ${code}): ${lastLine}`),
          );
        }
      },
    );
  });
}
