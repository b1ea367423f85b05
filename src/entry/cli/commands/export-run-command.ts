import cliProgress from 'cli-progress';
import type { Settings } from '../../../infra/config/settings-schema.js';
import type { JobResult } from '../../../jobs/job-contract.js';
import { jobToAdd } from '../../../jobs/job-to-add.js';
import { JobName, QueueName } from '../../../jobs/names.js';
import type { QueueRuntime } from '../../../jobs/queue-runtime.js';
import {
  checkTargetFree,
  ExportTargetError,
  parseTarget,
} from '../../../usecases/export/dataset-target.js';
import {
  type ExportRequest,
  ExportRequestError,
  type ExportRequestInput,
  parseExportRequest,
} from '../../../usecases/export/export-request.js';
import type { ExportProgress } from '../../../usecases/export/run-export.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { type Output, warningsAndErrors } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import { requireAdmin } from './item-access.js';

/** `heritage export` options as commander gives them. */
export interface ExportCommandOptions extends ActingOptions {
  out: string;
  collection?: string[];
  language?: string[];
  genre?: string[];
  dateFrom?: string;
  dateTo?: string;
  access?: string;
  licence?: string[];
  /** Comma-separated text origins rows may have. */
  textOrigin?: string;
  minOcrConfidence?: string;
  excludeAudioFlags?: string;
  /** Comma-separated configs to write. */
  configs?: string;
  split?: string;
  splitSeed?: string;
  minSplit?: string;
  overwrite?: boolean;
  /** Name every item and part left out, not only the counts. */
  explain?: boolean;
  /** Run the export worker in this process (default true). */
  workers?: boolean;
}

/** Turns command-line options into an export request; a bad value is a usage error naming its option. */
export function exportRequestFromOptions(options: ExportCommandOptions): ExportRequest {
  const list = (value: string | undefined) =>
    value === undefined
      ? undefined
      : value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean);
  const number = (option: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new UsageError(`${option} ${value}: not a number`);
    return parsed;
  };
  const input: ExportRequestInput = {
    out: options.out,
    overwrite: options.overwrite ?? false,
    filters: {
      collections: options.collection,
      languages: options.language,
      genres: options.genre,
      dateFrom: number('--date-from', options.dateFrom),
      dateTo: number('--date-to', options.dateTo),
      accessProtocols: list(options.access) as never,
      licences: options.licence,
      textOrigins: list(options.textOrigin) as never,
    },
    quality: {
      minOcrConfidence: number('--min-ocr-confidence', options.minOcrConfidence),
      excludeAudioFlags: list(options.excludeAudioFlags) as never,
    },
    configs: list(options.configs) as never,
    splits: options.split === undefined ? undefined : splitRatios(options.split),
    splitSeed: options.splitSeed,
    minSplit: number('--min-split', options.minSplit),
  };
  try {
    return parseExportRequest(JSON.parse(JSON.stringify(input)));
  } catch (error) {
    if (error instanceof ExportRequestError) throw new UsageError(error.message);
    throw error;
  }
}

/** `80/10/10` (percentages or fractions) -> ratios. */
function splitRatios(text: string): { train: number; validation: number; test: number } {
  const parts = text.split('/').map(Number);
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part) || part < 0))
    throw new UsageError(`--split ${text}: write train/validation/test, e.g. 80/10/10`);
  const total = parts.reduce((sum, part) => sum + part, 0);
  if (total <= 0) throw new UsageError(`--split ${text}: the shares add up to nothing`);
  const [train = 0, validation = 0, test = 0] = parts.map((part) => part / total);
  return { train, validation, test };
}

/**
 * `heritage export --out <folder|s3://bucket/prefix>`: queues an export job and waits
 * for it, showing its progress. Returns the exit code.
 */
export async function exportRunCommand(
  options: ExportCommandOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const request = exportRequestFromOptions(options);
  try {
    await checkTargetFree(parseTarget(request.out), settings, request.overwrite);
  } catch (error) {
    if (error instanceof ExportTargetError) throw new UsageError(error.message);
    throw error;
  }
  const services = await openServices(settings, {
    workers: options.workers === false ? false : [QueueName.Export],
    logger: warningsAndErrors(output),
  });
  try {
    requireAdmin(await actingPerson(services.archive.catalog, options), 'export a dataset');
    const report = await runQueuedExport(services.queues, request, output);
    printReport(report, output, options.explain ?? false);
    output.result({ ok: true, ...report });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

/** What the export job returns. */
type ExportReport = JobResult[typeof JobName.ExportDataset];

/** Adds the export job, shows its progress, and resolves with its report. */
async function runQueuedExport(
  queues: QueueRuntime,
  request: ExportRequest,
  output: Output,
): Promise<ExportReport> {
  const events = await queues.queueEvents(QueueName.Export);
  const job = await queues.addJob(jobToAdd(JobName.ExportDataset, request));
  const bar =
    !output.json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'export |{bar}| {stage} {value}/{total}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(1, 0, { stage: 'queued' });
  const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
    if (jobId !== job.id || typeof data !== 'object' || data === null) return;
    const progress = data as ExportProgress;
    bar?.setTotal(Math.max(1, progress.total));
    bar?.update(progress.done, { stage: progress.stage });
  };
  events.on('progress', onProgress);
  try {
    return await job.waitUntilFinished(events);
  } finally {
    events.off('progress', onProgress);
    bar?.stop();
  }
}

function printReport(report: ExportReport, output: Output, explain: boolean): void {
  output.line(`Dataset export ${report.exportId} written to ${report.location}`);
  output.line(
    `  ${report.items} item(s): ${report.utterances} utterance(s) (${(report.speechSeconds / 60).toFixed(1)} min), ${report.unlabelledClips} unlabelled clip(s) (${(report.unlabelledSeconds / 60).toFixed(1)} min), ${report.texts} text(s), ${report.ocrLines} OCR line(s); ${report.files} file(s), ${(report.bytes / 1_048_576).toFixed(1)} MB`,
  );
  for (const exclusion of report.exclusions)
    output.line(`  left out: ${exclusion.count} ${exclusion.unit}(s): ${exclusion.reason}`);
  if (explain) {
    output.line('  by name (items the access policy keeps from this export are counted only):');
    for (const entry of report.excluded)
      output.line(
        `    ${entry.unit} ${entry.item}${entry.part === undefined ? '' : ` ${entry.part}`}: ${entry.reason}`,
      );
  }
  for (const note of report.splitNotes) output.error(`warning: ${note}`);
  for (const part of report.damaged)
    output.error(
      `warning: item ${part.itemId}: ${part.path} could not be read and was left out: ${part.problem} (run heritage verify ${part.itemId})`,
    );
}
