/**
 * Runs the poppler-utils tools (pdfinfo, pdftoppm, pdftotext). Poppler, not the `mupdf`
 * npm package: mupdf is AGPL-3.0, which this Apache-2.0 project cannot take in, while
 * poppler runs as a separate process (and a crash or a hang on a hostile PDF stays there).
 */
import { launchTool } from '../launch/tool-launcher.js';
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
/** Poppler says why it failed in a line or two; more is kept only up to this. */
const MAX_STDERR_BYTES = 64 * 1024;

/** Runs one poppler tool (through the tool launcher) and returns its standard output. */
export async function runPoppler(run: PopplerRun): Promise<Buffer> {
  const launched = await launchTool({
    command: run.tool,
    args: run.args,
    env: process.env,
    niceness: 0,
    streams: 2,
  }).catch((error: unknown) => {
    throw new OcrProcessError(
      run.file,
      `${run.tool} could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const [stdout, stderr] = launched.streams;
  const output: Buffer[] = [];
  const errors: Buffer[] = [];
  let outputBytes = 0;
  let errorBytes = 0;
  let overflow = false;
  let timedOut = false;
  stdout?.on('data', (chunk: Buffer) => {
    outputBytes += chunk.length;
    if (outputBytes > run.maxOutputBytes) {
      overflow = true;
      launched.kill();
    } else {
      output.push(chunk);
    }
  });
  stderr?.on('data', (chunk: Buffer) => {
    errorBytes += chunk.length;
    if (errorBytes <= MAX_STDERR_BYTES) errors.push(chunk);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    launched.kill();
  }, run.timeoutMs);
  const end = await launched.closed;
  clearTimeout(timer);

  if (end.kind === 'failed') {
    throw new OcrProcessError(
      run.file,
      end.code === 'ENOENT'
        ? `${run.tool} not found: install poppler-utils`
        : `${run.tool} could not start: ${end.message}`,
    );
  }
  if (overflow) {
    throw new BadImageError(run.file, `${run.tool} output exceeds ${run.maxOutputBytes} bytes`);
  }
  if (timedOut || end.signal) {
    throw new OcrProcessError(
      run.file,
      `${run.tool} timed out or was killed (${timedOut ? 'timeout' : end.signal})`,
    );
  }
  if (end.exitCode === 0) return Buffer.concat(output);
  const lastLine = Buffer.concat(errors).toString('utf8').trim().split('\n').at(-1) ?? '';
  if (end.exitCode !== null && badFileExitCodes.has(end.exitCode)) {
    throw new BadImageError(
      run.file,
      `not a readable PDF (${run.tool}: ${lastLine || `exit code ${end.exitCode}`})`,
    );
  }
  throw new OcrProcessError(
    run.file,
    `${run.tool} failed (exit code ${end.exitCode}): ${lastLine}`,
  );
}
