import { searchCatalog } from '../../catalog/item-queries.js';
import { openCatalogDatabase } from '../../catalog/open-catalog-database.js';
import type { Settings } from '../../config/settings-schema.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';

/** `heritage search <words>`: diacritic-insensitive search of metadata, OCR text and annotations. */
export async function searchCommand(
  words: string[],
  settings: Settings,
  output: Output,
): Promise<number> {
  const query = words.join(' ').trim();
  if (query === '') throw new UsageError('search needs some words, e.g. heritage search dan tinh');
  const catalog = await openCatalogDatabase(settings);
  try {
    const hits = await searchCatalog(catalog, query);
    for (const hit of hits)
      output.line(
        `${hit.itemId}  [${hit.source}${hit.where ? ` ${hit.where}` : ''}]  ${hit.snippet}`,
      );
    output.line(`${hits.length} hit(s) for "${query}"`);
    output.result(hits);
    return hits.length > 0 ? ExitCode.Ok : ExitCode.Failure;
  } finally {
    await catalog.close();
  }
}
