import path from 'node:path';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { findPackageRoot } from '../../../infra/package/package-root.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { exportRunCommand } from './export-run-command.js';
import { ingestCommand } from './ingest-command.js';

/** The bundled sample collection (synthetic, CC0): see samples/README.md. */
export function sampleCollectionFolder(): string {
  return path.join(findPackageRoot(import.meta.url), 'samples', 'tay-songs');
}

/**
 * `heritage demo`: ingests the bundled sample collection with the current settings,
 * then exports it as a dataset (open items only, as any export by default).
 */
export async function demoCommand(settings: Settings, output: Output): Promise<number> {
  const folder = sampleCollectionFolder();
  output.line(
    `Ingesting the sample collection ${folder} into ${settings.s3 ? `s3://${settings.s3.bucket}` : settings.dataDir} ...`,
  );
  const code = await ingestCommand(
    folder,
    { manifest: path.join(folder, 'items.csv') },
    settings,
    output,
  );
  if (code !== ExitCode.Ok) return code;
  const out = sampleDatasetTarget(settings);
  output.line('');
  output.line(`Exporting the open items of the sample collection as a dataset to ${out} ...`);
  // The ingest already printed the command's result; the export's shows as lines only.
  const exported = await exportRunCommand(
    { out, collection: ['tay-songs-sample'], overwrite: true },
    settings,
    { ...output, result: () => {} },
  );
  if (exported !== ExitCode.Ok) return exported;
  output.line(`Dataset ready: ${out} (README.md is its card, SHA256SUMS its checksums).`);
  output.line('');
  output.line(
    'Next: heritage items list | heritage items show then-001 | heritage search "dan tinh" | heritage exports | heritage verify',
  );
  return ExitCode.Ok;
}

/** Where the demo's dataset goes: beside the archive, in the data folder or the bucket. */
function sampleDatasetTarget(settings: Settings): string {
  if (settings.s3) {
    const prefix = path.posix.join(settings.s3.prefix, 'exports', 'tay-songs-sample');
    return `s3://${settings.s3.bucket}/${prefix}`;
  }
  return path.join(settings.dataDir, 'exports', 'tay-songs-sample');
}
