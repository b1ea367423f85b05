import { createHash } from 'node:crypto';
import { heritageVersion } from '../../infra/package/heritage-version.js';
import type { DamagedPart } from './damaged-part.js';
import type { DatasetFile } from './dataset-files.js';
import type { ExclusionCount, NamedExclusion } from './exclusion-tally.js';
import type { ExportRequest } from './export-request.js';

/** The request as the manifest records it: what to export, not where to. */
export type RecordedParameters = Omit<ExportRequest, 'out' | 'overwrite'>;

/** An item object version the export read. */
export interface SnapshotEntry {
  id: string;
  collection: string;
  version: string;
}

export function recordedParameters(request: ExportRequest): RecordedParameters {
  const { out: _out, overwrite: _overwrite, ...parameters } = request;
  return parameters;
}

/**
 * What identifies an export: the request, the object versions read and the tool; and
 * the parts found damaged, when there are any, as they make a different dataset.
 */
export function exportIdOf(
  parameters: RecordedParameters,
  snapshot: readonly SnapshotEntry[],
  damaged: readonly DamagedPart[],
): string {
  const identity = {
    parameters,
    snapshot,
    tool: heritageVersion,
    ...(damaged.length > 0 ? { damaged: damaged.map((part) => [part.itemId, part.path]) } : {}),
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
}

/**
 * `export_manifest.json`: what was exported, from which object versions, and what was
 * left out: `exclusions` counts by reason, `excluded` names each item or part that the
 * export may name (see `exclusion-disclosure.ts`).
 */
export function exportManifest(manifest: {
  exportId: string;
  parameters: RecordedParameters;
  snapshot: readonly SnapshotEntry[];
  counts: {
    items: number;
    utterances: number;
    unlabelledClips: number;
    texts: number;
    ocrLines: number;
    parallelPairs: number;
  };
  exclusions: readonly ExclusionCount[];
  excluded: readonly NamedExclusion[];
}): string {
  const { exportId, parameters, snapshot, counts, exclusions, excluded } = manifest;
  return `${JSON.stringify(
    {
      format: 'heritage-dataset-export/1',
      exportId,
      tool: { name: 'heritage', version: heritageVersion },
      parameters,
      snapshot,
      counts,
      exclusions,
      excluded,
    },
    null,
    2,
  )}\n`;
}

/** `SHA256SUMS` as `sha256sum -c` reads it: digest, two spaces, path; in path order. */
export function sha256sums(files: readonly DatasetFile[]): string {
  return files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
}
