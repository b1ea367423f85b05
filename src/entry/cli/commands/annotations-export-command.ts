import { writeFile } from 'node:fs/promises';
import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import {
  type AnnotationExportFormat,
  annotationExportFormats,
  exportAnnotations,
} from '../../../usecases/annotations/export-annotations.js';
import { recordReadOf } from '../../../usecases/items/record-read.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import { annotationTypesOption } from './annotation-options.js';
import { checkItemAccess, requireVisible } from './item-access.js';

export interface AnnotationsExportOptions extends ActingOptions {
  format?: string;
  /** File to write; the document goes to standard output when absent. */
  output?: string;
  /** The recording (logical path or deposit name); the only one by default. */
  asset?: string;
  /** Comma-separated annotation types. */
  type?: string;
}

/**
 * `heritage annotations export <item> --format eaf|textgrid|vtt|json`: writes the item's
 * annotations as a document, to a file or standard output.
 */
export async function annotationsExportCommand(
  itemId: string,
  options: AnnotationsExportOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const format = (options.format ?? 'json').toLowerCase();
  if (!annotationExportFormats.includes(format as AnnotationExportFormat)) {
    throw new UsageError(
      `--format: "${options.format}" is not one of ${annotationExportFormats.join(', ')}`,
    );
  }
  const types = options.type ? annotationTypesOption(options.type, '--type') : undefined;
  const archive = await openArchive(settings);
  try {
    const who = await actingPerson(archive.catalog, options);
    await requireVisible(archive.catalog, who, itemId);
    await checkItemAccess(archive.catalog, who, itemId, 'curate');
    await recordReadOf(archive.catalog, who, itemId, 'annotations');
    const exported = await exportAnnotations(archive, {
      itemId,
      format: format as AnnotationExportFormat,
      ...(options.asset ? { recording: options.asset } : {}),
      ...(types ? { types } : {}),
    });
    for (const skipped of exported.skipped)
      output.error(`left out annotation ${skipped.id}: ${skipped.reason}`);
    for (const repair of exported.repairs)
      output.error(
        repair.to === undefined
          ? `left out ${repair.attribute} "${repair.from}": ${repair.reason}`
          : `changed ${repair.attribute} "${repair.from}" to "${repair.to}": ${repair.reason}`,
      );
    const report = {
      itemId,
      format,
      file: options.output,
      recording: exported.recording,
      basedOn: exported.basedOn,
      annotations: exported.annotations,
      skipped: exported.skipped,
      repairs: exported.repairs,
    };
    if (options.output) {
      await writeFile(options.output, exported.content);
      output.line(
        `${itemId}: ${exported.annotations} annotations written to ${options.output}` +
          (exported.basedOn ? ` (on ${exported.basedOn})` : ''),
      );
      output.result(report);
    } else {
      output.line(exported.content.replace(/\n$/, ''));
      output.result({ ...report, content: exported.content });
    }
    return ExitCode.Ok;
  } finally {
    await archive.close();
  }
}
