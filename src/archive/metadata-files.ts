import { buildRoCrate } from '../formats/ro-crate/build-ro-crate.js';
import type { FileToAdd } from '../infra/ocfl/index.js';
import { heritageVersion } from '../infra/package/heritage-version.js';
import { type ItemRecord, MetadataPath } from '../model/item-record.js';

/** The metadata files every version of an item holds: its record, RO-Crate and event log. */
export function metadataFiles(record: ItemRecord, eventsJsonl: string): FileToAdd[] {
  return [
    { logicalPath: MetadataPath.item, body: `${JSON.stringify(record, null, 2)}\n` },
    {
      logicalPath: MetadataPath.roCrate,
      body: `${JSON.stringify(buildRoCrate(record, heritageVersion), null, 2)}\n`,
    },
    { logicalPath: MetadataPath.events, body: eventsJsonl },
  ];
}
