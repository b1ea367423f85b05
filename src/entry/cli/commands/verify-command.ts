import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { verifyArchive } from '../../../usecases/verify/verify-archive.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `heritage verify [ids...]`: recomputes every digest of every version of the objects
 * (all by default), one line per object as it is checked; exits 1 when any is damaged.
 */
export async function verifyCommand(
  ids: string[],
  settings: Settings,
  output: Output,
): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const { reports, damaged, fixityLog } = await verifyArchive(archive, ids, (report, index) => {
      output.line(
        `[${index}${ids.length > 0 ? `/${ids.length}` : ''}] ${report.ok ? 'ok  ' : 'FAIL'} ${report.objectId} (${report.head ?? 'no head'}, ${report.contentFilesChecked} files)`,
      );
      for (const problem of report.problems)
        output.line(`       ${problem.path}: ${problem.problem}`);
    });
    output.line(
      damaged.length === 0
        ? `All ${reports.length} object(s) intact.`
        : `${damaged.length} of ${reports.length} object(s) have problems: ${damaged.join(', ')}`,
    );
    output.result({ ok: damaged.length === 0, damaged, fixityLog, reports });
    return damaged.length === 0 ? ExitCode.Ok : ExitCode.Failure;
  } finally {
    await archive.close();
  }
}
