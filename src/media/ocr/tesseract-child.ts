/**
 * A child process that serves one tesseract.js worker to the process that started it
 * (`startTesseractProcessPool`), so the worker's memory stays out of the process that
 * reads the archive and launches ffmpeg. Its one argument is a `TesseractChildSpec` as JSON.
 */
import { linkLanguageData } from './language-data.js';
import type {
  TesseractChildAnswer,
  TesseractChildRequest,
  TesseractChildSpec,
} from './tesseract-child-messages.js';
import { startTesseractPool, type TesseractPool } from './tesseract-pool.js';

const answer = (message: TesseractChildAnswer) => process.send?.(message);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

// The parent gone, by its close or its death, the child ends too.
process.on('disconnect', () => process.exit(0));

let pool: TesseractPool;
try {
  const { languageData, ...spec } = JSON.parse(process.argv[2] ?? '') as TesseractChildSpec;
  const linked = await linkLanguageData(languageData);
  try {
    pool = await startTesseractPool({ ...spec, langPath: linked.dir, size: 1 });
  } finally {
    // The worker holds its language data in memory once started.
    await linked.remove();
  }
} catch (error) {
  answer({ kind: 'failed', message: reason(error) });
  process.exit(1);
}

process.on('message', (request: TesseractChildRequest) => {
  const image = Buffer.from(
    request.image.buffer,
    request.image.byteOffset,
    request.image.byteLength,
  );
  const work =
    request.kind === 'recognize'
      ? pool.recognize(image, request.parameters, request.output)
      : pool.detect(image);
  work.then(
    (data) => answer({ kind: 'answer', id: request.id, data, rss: process.memoryUsage.rss() }),
    (error: unknown) => answer({ kind: 'error', id: request.id, message: reason(error) }),
  );
});
answer({ kind: 'started' });
