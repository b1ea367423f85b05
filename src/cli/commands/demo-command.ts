import path from 'node:path';
import { findPackageRoot } from '../../catalog/package-root.js';
import type { Settings } from '../../config/settings-schema.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { ingestCommand } from './ingest-command.js';

/** The bundled sample collection (synthetic, CC0): see samples/README.md. */
export function sampleCollectionFolder(): string {
  return path.join(findPackageRoot(import.meta.url), 'samples', 'tay-songs');
}

/** `heritage demo`: ingests the bundled sample collection with the current settings. */
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
  output.line('');
  output.line(
    'Next: heritage items list | heritage items show then-001 | heritage search "dan tinh" | heritage verify',
  );
  return ExitCode.Ok;
}
