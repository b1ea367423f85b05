import type { Anchor } from '../../formats/index.js';
import { JobName } from '../../jobs/names.js';
import type { Asset } from '../../model/asset.js';
import type { ItemRecord } from '../../model/item-record.js';
import { scanFacts } from '../../model/media-facts.js';
import { AnnotationRejectedError } from './annotation-checks.js';
import { resolveAssetPath } from './pick-recording.js';

/** Where a new annotation goes; the asset defaults to the item's only recording or scan. */
export type AnchorRequest =
  | { kind: 'time'; asset?: string; startMs: number; endMs: number }
  | {
      kind: 'region';
      asset?: string;
      page: number;
      /** The whole page when absent. */
      region?: { x: number; y: number; width: number; height: number };
    }
  | { kind: 'item' };

/** Fills in the asset (the only recording or scan) and, for a page, the whole-page region. */
export function resolveAnchor(record: ItemRecord, request: AnchorRequest): Anchor {
  if (request.kind === 'item') return { kind: 'item' };
  const role = request.kind === 'time' ? 'recording' : 'scan';
  const asset =
    request.asset === undefined ? onlyAsset(record, role) : resolveAssetPath(record, request.asset);
  if (request.kind === 'time')
    return { kind: 'time', asset, startMs: request.startMs, endMs: request.endMs };
  const ocr = record.steps.find(
    (step) => step.step === JobName.OcrPage && step.asset === asset && step.status === 'done',
  );
  const size = scanFacts(
    record.assets.find((candidate) => candidate.path === asset) ?? { path: asset, technical: {} },
    ocr?.result,
  ).pageSize(request.page);
  const region = request.region ?? {
    x: 0,
    y: 0,
    width: size?.width ?? 0,
    height: size?.height ?? 0,
  };
  if (region.width <= 0 || region.height <= 0) {
    throw new AnnotationRejectedError(`item ${record.item.id}`, [
      {
        annotation: 'the new annotation',
        field: 'anchor.page',
        message: `page ${request.page} of ${asset} has no known size; give the region`,
      },
    ]);
  }
  return { kind: 'region', asset, page: request.page, ...region };
}

function onlyAsset(record: ItemRecord, role: Asset['role']): string {
  const assets = record.assets.filter((asset) => asset.role === role);
  if (assets.length === 1 && assets[0]) return assets[0].path;
  throw new AnnotationRejectedError(`item ${record.item.id}`, [
    {
      annotation: 'the new annotation',
      field: 'anchor.asset',
      message:
        assets.length === 0
          ? `the item has no ${role}`
          : `the item has ${assets.length} ${role}s; name one (${assets.map((asset) => asset.path).join(', ')})`,
    },
  ]);
}
