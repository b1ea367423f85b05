import type { Settings } from '../../../infra/config/settings-schema.js';
import { addAnnotation } from '../../../usecases/annotations/add-annotation.js';
import type { AnchorRequest } from '../../../usecases/annotations/resolve-anchor.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import {
  annotationTypeOption,
  asUsageError,
  defaultAuthor,
  positiveIntegerOption,
  regionOption,
  secondsOption,
} from './annotation-options.js';
import { checkItemAccess } from './item-access.js';

export interface AnnotationsAddOptions extends ActingOptions {
  type?: string;
  text?: string;
  term?: string[];
  language?: string;
  author?: string;
  /** Seconds into the recording. */
  start?: string;
  end?: string;
  /** A recording or scan (logical path or deposit name); the item's only one by default. */
  asset?: string;
  page?: string;
  /** `x,y,width,height`; the whole page when absent. */
  region?: string;
  /** Id of the annotation this one edits. */
  supersedes?: string;
}

/**
 * `heritage annotations add <item> --type ritual --start 12.5 --end 30 --text ... --term ...`:
 * adds one annotation (or, with `--supersedes`, a new version of one) as the item's next version.
 */
export async function annotationsAddCommand(
  itemId: string,
  options: AnnotationsAddOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const anchor = anchorOf(options);
  const type = options.type ? annotationTypeOption(options.type, '--type') : undefined;
  if (options.supersedes === undefined && (type === undefined || options.text === undefined))
    throw new UsageError(
      'a new annotation needs --type and --text (or --supersedes <id> to edit one)',
    );
  const services = await openServices(settings);
  try {
    const who = await actingPerson(services.archive.catalog, options);
    await checkItemAccess(services.archive.catalog, who, itemId, 'annotate');
    const result = await addAnnotation(services.archive, services.locks, {
      itemId,
      author: options.author ?? defaultAuthor(),
      ...(type ? { type } : {}),
      ...(options.text !== undefined ? { value: options.text } : {}),
      ...(options.term?.length ? { terms: options.term } : {}),
      ...(options.language ? { language: options.language } : {}),
      ...(anchor ? { anchor } : {}),
      ...(options.supersedes ? { supersedes: options.supersedes } : {}),
    }).catch((error: unknown) => {
      throw asUsageError(error);
    });
    output.line(
      result.annotation
        ? `${itemId} ${result.version}: annotation ${result.annotation.id}${result.annotation.supersedes ? ` supersedes ${result.annotation.supersedes}` : ''}`
        : `${itemId} ${result.version}: the same annotation already exists; no version written`,
    );
    output.result({
      itemId,
      changed: result.changed,
      version: result.version,
      annotation: result.annotation,
    });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

/** The anchor the options describe: a time span, a page region, or (neither) the whole item. */
function anchorOf(options: AnnotationsAddOptions): AnchorRequest | undefined {
  const timed = options.start !== undefined || options.end !== undefined;
  if (timed && options.page !== undefined)
    throw new UsageError('give either --start/--end (a recording) or --page (a scan), not both');
  if (timed) {
    if (options.start === undefined || options.end === undefined)
      throw new UsageError('a time span needs both --start and --end (seconds)');
    return {
      kind: 'time',
      startMs: secondsOption(options.start, '--start'),
      endMs: secondsOption(options.end, '--end'),
      ...(options.asset ? { asset: options.asset } : {}),
    };
  }
  if (options.page !== undefined) {
    return {
      kind: 'region',
      page: positiveIntegerOption(options.page, '--page'),
      ...(options.region ? { region: regionOption(options.region) } : {}),
      ...(options.asset ? { asset: options.asset } : {}),
    };
  }
  if (options.region !== undefined) throw new UsageError('--region needs --page');
  return options.supersedes === undefined ? { kind: 'item' } : undefined;
}
