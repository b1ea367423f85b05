import { searchAnnotations } from '../../../infra/catalog/annotation-queries.js';
import { openCatalogDatabase } from '../../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { isStaffFor } from '../../../model/access-policy.js';
import { factsVisibleTo, searchVisibleTo } from '../../../usecases/items/items-visible-to.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import { annotationTypeOption, secondsOption } from './annotation-options.js';

/** Filters that make `heritage search` look among annotations only. */
export interface SearchOptions extends ActingOptions {
  type?: string;
  term?: string;
  /** Seconds: annotations whose span overlaps `from`..`to`. */
  from?: string;
  to?: string;
  item?: string;
}

/**
 * `heritage search <words>`: diacritic-insensitive search of metadata, OCR text and
 * annotations; with `--type`, `--term`, `--from`/`--to` or `--item`, of annotations only.
 */
export async function searchCommand(
  words: string[],
  settings: Settings,
  output: Output,
  options: SearchOptions = {},
): Promise<number> {
  const query = words.join(' ').trim();
  const annotationFilters =
    options.type !== undefined ||
    options.term !== undefined ||
    options.from !== undefined ||
    options.to !== undefined ||
    options.item !== undefined;
  if (query === '' && !annotationFilters)
    throw new UsageError('search needs some words, e.g. heritage search dan tinh');
  if (annotationFilters) return searchAnnotationsCommand(query, options, settings, output);
  const catalog = await openCatalogDatabase(settings);
  try {
    const who = await actingPerson(catalog, options);
    const hits = await searchVisibleTo(catalog, who, query);
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

async function searchAnnotationsCommand(
  query: string,
  options: SearchOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const search = {
    ...(query !== '' ? { words: query } : {}),
    ...(options.type !== undefined ? { type: annotationTypeOption(options.type, '--type') } : {}),
    ...(options.term !== undefined ? { term: options.term } : {}),
    ...(options.from !== undefined ? { startMs: secondsOption(options.from, '--from') } : {}),
    ...(options.to !== undefined ? { endMs: secondsOption(options.to, '--to') } : {}),
    ...(options.item !== undefined ? { itemId: options.item } : {}),
  };
  const catalog = await openCatalogDatabase(settings);
  try {
    const who = await actingPerson(catalog, options);
    const found = await searchAnnotations(catalog, search);
    const visible = await factsVisibleTo(
      catalog,
      who,
      found.map((hit) => hit.itemId),
    );
    // Who reads an item's public view sees its annotations without their authors.
    const hits = found.flatMap((hit) => {
      const facts = visible.get(hit.itemId);
      if (!facts) return [];
      if (isStaffFor(who, facts)) return [hit];
      const { author: _author, ...shown } = hit;
      return [shown];
    });
    for (const hit of hits) {
      const { anchor } = hit;
      const where =
        anchor.kind === 'time'
          ? `${anchor.asset} ${anchor.startMs / 1000}-${anchor.endMs / 1000} s`
          : anchor.kind === 'region'
            ? `${anchor.asset} page ${anchor.page}`
            : 'item';
      const terms = hit.terms.length > 0 ? ` {${hit.terms.join(', ')}}` : '';
      output.line(`${hit.itemId}  [${hit.type} ${where}]${terms}  ${hit.value}`);
    }
    output.line(`${hits.length} annotation(s)`);
    output.result(hits);
    return hits.length > 0 ? ExitCode.Ok : ExitCode.Failure;
  } finally {
    await catalog.close();
  }
}
