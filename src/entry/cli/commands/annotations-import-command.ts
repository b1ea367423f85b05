import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DocumentFormatError } from '../../../formats/index.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { importAnnotations } from '../../../usecases/annotations/import-annotations.js';
import { describeImportReport } from '../../../usecases/annotations/import-report.js';
import type { AnnotationDocumentFormat } from '../../../usecases/annotations/read-annotation-document.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import { annotationTypeOption, defaultAuthor, tierTypesOption } from './annotation-options.js';
import { checkItemAccess } from './item-access.js';

export interface AnnotationsImportOptions extends ActingOptions {
  author?: string;
  madeBy?: string;
  /** eaf, textgrid, vtt, srt, txt or json; default from the file name. */
  format?: string;
  /** The recording the document's times refer to (logical path or deposit name). */
  asset?: string;
  /** `<tier>=<type>` or `<tier>=skip`. */
  tierType?: string[];
  /** Type of tiers whose names say nothing. */
  defaultType?: string;
}

const formats: readonly AnnotationDocumentFormat[] = [
  'eaf',
  'textgrid',
  'vtt',
  'srt',
  'txt',
  'json',
];

/**
 * `heritage annotations import <item> <file>`: merges a document's annotations into the
 * item (no duplicates) as its next version, keeping the document under `originals/annotations/`.
 */
export async function annotationsImportCommand(
  itemId: string,
  file: string,
  options: AnnotationsImportOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const format = options.format?.toLowerCase();
  if (format !== undefined && !formats.includes(format as AnnotationDocumentFormat))
    throw new UsageError(`--format: "${options.format}" is not one of ${formats.join(', ')}`);
  const cannotRead = (error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
  };
  // Refused before a byte is read: the readers would refuse it too, after loading it all.
  const { size } = await stat(file).catch(cannotRead);
  const { maxDocumentBytes } = settings.annotations;
  if (size > maxDocumentBytes) {
    throw new DocumentFormatError(
      path.basename(file),
      `document is ${size} bytes, more than the limit of ${maxDocumentBytes} bytes (setting annotations.maxDocumentBytes)`,
    );
  }
  if (options.madeBy !== undefined && options.madeBy.trim() === '')
    throw new UsageError('--made-by: name the tool and its version, e.g. "whisper large-v3"');
  const bytes = await readFile(file).catch(cannotRead);
  const services = await openServices(settings);
  try {
    const who = await actingPerson(services.archive.catalog, options);
    await checkItemAccess(services.archive.catalog, who, itemId, 'annotate');
    const result = await importAnnotations(services.archive, services.locks, {
      itemId,
      name: path.basename(file),
      bytes,
      author: options.author ?? defaultAuthor(),
      ...(format ? { format: format as AnnotationDocumentFormat } : {}),
      ...(options.asset ? { recording: options.asset } : {}),
      ...(options.madeBy !== undefined ? { madeBy: options.madeBy } : {}),
      ...(options.tierType?.length ? { tierTypes: tierTypesOption(options.tierType) } : {}),
      ...(options.defaultType
        ? { defaultType: annotationTypeOption(options.defaultType, '--default-type') }
        : {}),
    });
    for (const tier of result.skippedTiers)
      output.error(
        `left out tier "${tier.tier}": ${tier.reason} (see --tier-type, --default-type)`,
      );
    const edits = result.added.filter((annotation) => annotation.supersedes).length;
    output.line(
      result.changed
        ? `${itemId} ${result.version}: ${result.read} annotations read, ${result.added.length - edits} new, ${edits} edited, ${result.unchanged} unchanged; anchored to ${result.anchoring}; document kept as ${result.documentPath}`
        : `${itemId} ${result.version}: nothing new in ${path.basename(file)} (${result.read} annotations read, all already archived); no version written`,
    );
    for (const line of describeImportReport(result.report)) output.line(`  ${line}`);
    output.result({
      itemId,
      changed: result.changed,
      version: result.version,
      format: result.format,
      read: result.read,
      added: result.added.length - edits,
      edited: edits,
      unchanged: result.unchanged,
      anchoring: result.anchoring,
      documentPath: result.documentPath,
      skippedTiers: result.skippedTiers,
      skippedAnnotations: result.skippedAnnotations,
      tiers: result.report.tiers,
      ignored: result.report.ignored,
    });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}
