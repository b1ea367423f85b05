import type { Worker as WorkerThread } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { deathSignal } from './death-signal.js';
import { startAllOrNone } from './start-all-or-none.js';

export interface TesseractPoolSpec {
  /** `+`-joined language codes, all present in `langPath`. */
  languages: string;
  /** Folder holding `<code>.traineddata.gz` for each language. */
  langPath: string;
  /** `lstm` recognises text; `legacy` loads the legacy engine, which orientation detection needs. */
  engine: 'lstm' | 'legacy';
  size: number;
  startTimeoutMs: number;
  /** tesseract variables set once on every worker. */
  parameters?: Record<string, string>;
}

/** Reused tesseract.js workers behind one queue: no engine start-up per page. */
export interface TesseractPool {
  /** Recognises one image; `parameters` are tesseract variables for this image only. */
  recognize(
    image: Buffer,
    parameters: Record<string, string>,
    output: Partial<Tesseract.OutputFormats>,
  ): Promise<Tesseract.Page>;
  /** Detects orientation and script (needs the `legacy` engine and `osd` data). */
  detect(image: Buffer): Promise<Tesseract.DetectData>;
  close(): Promise<void>;
}

/** Starts `size` workers at once and puts them behind a tesseract.js scheduler. */
export async function startTesseractPool(spec: TesseractPoolSpec): Promise<TesseractPool> {
  let closing = false;
  const { died: workerDied, die: rejectOnDeath } = deathSignal();

  const workers = await startAllOrNone(
    spec.size,
    () => startWorker(spec),
    (worker) => worker.terminate(),
  );

  const scheduler = Tesseract.createScheduler();
  for (const worker of workers) {
    scheduler.addWorker(worker);
    const thread = (worker as unknown as { worker: WorkerThread }).worker;
    // tesseract.js listens to neither: an unhandled 'error' event would end the process.
    thread.on('error', (error) =>
      rejectOnDeath(new Error(`a tesseract.js worker failed: ${error.message}`)),
    );
    thread.on('exit', (code) => {
      if (!closing) rejectOnDeath(new Error(`a tesseract.js worker exited with code ${code}`));
    });
  }

  return {
    recognize: async (image, parameters, output) => {
      const job = scheduler.addJob('recognize', image, parameters, output);
      const result = await Promise.race([job, workerDied]);
      return result.data;
    },
    detect: async (image) => {
      const result = await Promise.race([scheduler.addJob('detect', image), workerDied]);
      return result.data;
    },
    close: async () => {
      closing = true;
      // The scheduler's own terminate() does not wait for its workers.
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

async function startWorker(spec: TesseractPoolSpec): Promise<Tesseract.Worker> {
  let running = false;
  let failStart!: (reason: Error) => void;
  const startFailed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`a tesseract.js worker did not start within ${spec.startTimeoutMs} ms`)),
      spec.startTimeoutMs,
    );
  });
  const legacy = spec.engine === 'legacy';
  const starting = Tesseract.createWorker(
    spec.languages,
    legacy ? Tesseract.OEM.TESSERACT_ONLY : Tesseract.OEM.LSTM_ONLY,
    {
      langPath: spec.langPath,
      gzip: true,
      cacheMethod: 'none',
      legacyCore: legacy,
      legacyLang: legacy,
      // Without a handler tesseract.js rethrows failures inside its message listener,
      // which ends the process. A failing start never settles `createWorker`, so the
      // handler is the only way to hear of it; later job failures reject their own jobs.
      errorHandler: (error: unknown) => {
        if (!running)
          failStart(new Error(`a tesseract.js worker failed to start: ${String(error)}`));
      },
    },
  );
  try {
    const worker = await Promise.race([starting, startFailed, timedOut]);
    running = true;
    if (spec.parameters) await worker.setParameters(spec.parameters);
    return worker;
  } finally {
    clearTimeout(timer);
  }
}
