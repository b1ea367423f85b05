import { openArchive } from '../../archive/archive.js';
import { saveEvents } from '../../catalog/item-rows.js';
import type { Settings } from '../../config/settings-schema.js';
import { newEvent } from '../../metadata/events.js';
import { heritageAgent } from '../../version.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `heritage verify [ids...]`: recomputes every digest of every version of the
 * objects (all by default) and records a fixity-check event per item in the catalog.
 */
export async function verifyCommand(
  ids: string[],
  settings: Settings,
  output: Output,
): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const objectIds = ids.length > 0 ? ids : await collect(archive.objects.listObjectIds());
    const reports = [];
    for (const [index, id] of objectIds.entries()) {
      const report = await archive.objects.verifyObject(id);
      reports.push(report);
      const known = await archive.catalog.query('SELECT 1 FROM items WHERE id = $1', [id]);
      const event = newEvent({
        type: 'fixity check',
        agent: heritageAgent,
        outcome: report.ok ? 'success' : 'failure',
        detail: report.ok
          ? `${report.contentFilesChecked} content file(s) of ${report.head} match their sha512 and sha256`
          : report.problems.map((problem) => `${problem.path}: ${problem.problem}`).join('; '),
      });
      if (known.length > 0) await saveEvents(archive.catalog, id, [event]);
      output.line(
        `[${index + 1}/${objectIds.length}] ${report.ok ? 'ok  ' : 'FAIL'} ${id} (${report.head}, ${report.contentFilesChecked} files)`,
      );
      for (const problem of report.problems)
        output.line(`       ${problem.path}: ${problem.problem}`);
    }
    const failed = reports.filter((report) => !report.ok).length;
    output.line(
      failed === 0
        ? `All ${reports.length} object(s) intact.`
        : `${failed} of ${reports.length} object(s) have problems.`,
    );
    output.result({ ok: failed === 0, reports });
    return failed === 0 ? ExitCode.Ok : ExitCode.Failure;
  } finally {
    await archive.close();
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}
