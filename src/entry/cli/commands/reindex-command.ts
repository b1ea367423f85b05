import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { reindexCatalog } from '../../../usecases/reindex/reindex.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** `heritage reindex`: rebuilds the catalog from the archive objects alone. */
export async function reindexCommand(settings: Settings, output: Output): Promise<number> {
  const archive = await openArchive(settings);
  try {
    let seen = 0;
    const report = await reindexCatalog(archive, (objectId) => {
      seen += 1;
      if (!output.json && process.stderr.isTTY)
        process.stderr.write(`\rreindexed ${seen} object(s): ${objectId.padEnd(40)}`);
    });
    if (!output.json && process.stderr.isTTY) process.stderr.write('\n');
    for (const skipped of report.skipped)
      output.error(`skipped ${skipped.objectId}: ${skipped.reason}`);
    output.line(
      `Catalog rebuilt from storage: ${report.items} item(s), ${report.vocabularies} vocabulary object(s), ${report.exports} export record(s), ${report.fixityLogs} fixity log(s), ${report.people} people object(s), ${report.skipped.length} skipped.`,
    );
    output.result(report);
    return report.skipped.length === 0 ? ExitCode.Ok : ExitCode.Failure;
  } finally {
    await archive.close();
  }
}
