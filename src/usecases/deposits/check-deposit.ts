import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../infra/config/settings-schema.js';
import type { IngestPlan } from '../ingest/plan/ingest-plan.js';
import { planIngest } from '../ingest/plan/plan-ingest.js';
import { depositPath } from './deposit-folders.js';
import type { DepositProblem, PlannedDepositItem } from './deposit-record.js';

/** The manifest a deposit uses when the check names none, the first one staged. */
const defaultManifests = ['manifest.csv', 'manifest.json'];

export interface DepositCheck {
  /** The ingest's plan over the staging folder, held against the archive. */
  plan: IngestPlan;
  items: IngestPlan['items'];
  /** Each planned item's access facts and files. */
  planned: PlannedDepositItem[];
  /** The manifest used, relative to the staging folder. */
  manifest?: string;
  problems: DepositProblem[];
}

/**
 * What `heritage ingest --dry-run` finds in the staging folder, and what a deposit adds:
 * every item must belong to the deposit's collection (an archivist of one collection
 * cannot deposit into another through a manifest's `collection` column or a
 * `collection.json`), every upload must be whole, and there must be something to
 * ingest. Reads the archive, writes nothing.
 */
export async function checkDeposit(
  staging: string,
  collection: string,
  requestedManifest: string | undefined,
  settings: Settings,
  uploading: readonly { path: string; received: number; size?: number }[],
): Promise<DepositCheck> {
  const problems: DepositProblem[] = [];
  const manifest = await chooseManifest(staging, requestedManifest, problems);
  const plan = await planIngest(
    {
      folder: staging,
      manifest: manifest === undefined ? undefined : path.join(staging, manifest),
      collection,
    },
    settings,
  );
  problems.push(...plan.problems);
  for (const refused of plan.refused)
    problems.push({ file: refused.relativePath, reason: refused.reason });
  if (plan.describedCollection !== undefined && plan.describedCollection !== collection)
    problems.push({
      file: 'collection.json',
      column: 'id',
      reason: `describes collection ${plan.describedCollection}, but this deposit is for ${collection}`,
    });
  for (const planned of plan.items) {
    if (planned.item.collection === collection) continue;
    problems.push({
      file: planned.source.kind === 'manifest' ? (manifest ?? '') : planned.source.stem,
      ...(planned.source.kind === 'manifest' ? { row: planned.source.row } : {}),
      column: 'collection',
      reason: `names collection ${planned.item.collection}, but this deposit is for ${collection}`,
    });
  }
  for (const upload of uploading)
    problems.push({
      file: upload.path,
      reason: `is still being uploaded (${upload.received} of ${upload.size ?? '?'} bytes)`,
    });
  if (plan.items.length === 0 && problems.length === 0)
    problems.push({ file: '.', reason: 'the deposit holds no files to ingest' });
  const communities = new Map(
    plan.collections.map((described) => [described.id, described.community]),
  );
  return {
    plan,
    items: plan.items,
    planned: plan.items.map(({ item, files }) => {
      const community = communities.get(item.collection);
      return {
        id: item.id,
        accessProtocol: item.accessProtocol,
        consent: item.consent,
        collection: item.collection,
        ...(community ? { community } : {}),
        paths: files.map((file) => file.relativePath),
      };
    }),
    ...(manifest !== undefined ? { manifest } : {}),
    problems,
  };
}

async function chooseManifest(
  staging: string,
  requested: string | undefined,
  problems: DepositProblem[],
): Promise<string | undefined> {
  const isFile = async (relative: string) =>
    (await stat(path.join(staging, ...relative.split('/'))).catch(() => undefined))?.isFile() ===
    true;
  if (requested !== undefined) {
    let relative: string;
    try {
      relative = depositPath(requested);
    } catch (error) {
      problems.push({ file: requested, reason: (error as Error).message });
      return undefined;
    }
    if (await isFile(relative)) return relative;
    problems.push({ file: relative, reason: 'is not a file of this deposit' });
    return undefined;
  }
  for (const candidate of defaultManifests) if (await isFile(candidate)) return candidate;
  return undefined;
}
