import type { TesseractPool } from './tesseract-pool.js';

/**
 * A pool whose workers start with its first job. Orientation detection runs only for
 * the rare doubtful page, and its worker (the legacy engine and `osd` data, about
 * 70 MB) would otherwise sit idle in every OCR process. A start that fails fails that
 * job alone; the next job tries again.
 */
export function poolOnFirstUse(start: () => Promise<TesseractPool>): TesseractPool {
  let starting: Promise<TesseractPool> | undefined;
  let closed = false;
  const started = (): Promise<TesseractPool> => {
    if (closed) return Promise.reject(new Error('the tesseract.js pool is closed'));
    if (starting === undefined) {
      const attempt = start();
      starting = attempt;
      attempt.catch(() => {
        if (starting === attempt) starting = undefined;
      });
    }
    return starting;
  };
  return {
    recognize: async (image, parameters, output) =>
      (await started()).recognize(image, parameters, output),
    detect: async (image) => (await started()).detect(image),
    close: async () => {
      closed = true;
      // A start under way is waited for, so that its workers end too.
      const pool = await starting?.catch(() => undefined);
      await pool?.close();
    },
  };
}
