import { isDeepStrictEqual } from 'node:util';
import { type Consent, isLessProtective } from '../../../model/access.js';
import type { Collection, Item } from '../../../model/item.js';
import type { ItemRecord } from '../../../model/item-record.js';
import { columnName, type ManifestColumn } from '../manifest/manifest-columns.js';
import type { ManifestProblem } from '../manifest/manifest-problem.js';
import type { IngestPlan, PlannedItem } from './ingest-plan.js';

/** The archived record of an item id, or undefined when no such item exists yet. */
export type ReadArchivedItem = (itemId: string) => Promise<ItemRecord | undefined>;

/** Item fields a manifest column sets, for the columns that are not protected facts. */
const fieldOfColumn: Partial<Record<ManifestColumn, keyof Item>> = {
  title: 'title',
  languages: 'languages',
  date: 'date',
  place: 'place',
  genre: 'genre',
  contributors: 'contributors',
  tkLabels: 'tkLabels',
  licence: 'licence',
  description: 'description',
};

/** How many archived records are read at once. */
const READ_CONCURRENCY = 8;

/**
 * Holds a plan against what the archive already has. An item's identity and
 * protection are protected facts: an id that belongs to another collection, and a row
 * that would change an existing item's access protocol or consent, are problems (the
 * item is left out of the plan, so not even `--skip-invalid-rows` writes it); they
 * change only through `heritage items change`. For an item that exists, the fields its
 * row does not give keep their archived values, so a re-deposit changes only what it
 * names, its files are added to the ones archived, and a collection the deposit does
 * not describe (no `collection.json`) keeps its archived description.
 */
export async function reconcileWithArchive(
  plan: IngestPlan,
  readArchived: ReadArchivedItem,
): Promise<IngestPlan> {
  const manifestName = plan.manifest ? plan.manifest.split(/[\\/]/).at(-1) : undefined;
  const reconciled: (PlannedItem | undefined)[] = new Array(plan.items.length);
  const problems: ManifestProblem[] = [];
  const archivedCollections = new Map<string, Collection>();
  let next = 0;
  const lanes = Array.from({ length: Math.min(READ_CONCURRENCY, plan.items.length) }, async () => {
    while (next < plan.items.length) {
      const index = next++;
      const planned = plan.items[index] as PlannedItem;
      const archived = await readArchived(planned.item.id);
      if (archived) archivedCollections.set(archived.collection.id, archived.collection);
      const found = archived ? checkAgainst(planned, archived, manifestName ?? plan.folder) : [];
      problems.push(...found);
      reconciled[index] =
        found.length > 0 ? undefined : archived ? mergeWith(planned, archived) : planned;
    }
  });
  await Promise.all(lanes);
  return {
    ...plan,
    // A collection the deposit does not describe keeps its archived description.
    collections: plan.collections.map((collection) =>
      collection.id === plan.describedCollection
        ? collection
        : (archivedCollections.get(collection.id) ?? collection),
    ),
    items: reconciled.filter((planned): planned is PlannedItem => planned !== undefined),
    problems: [...plan.problems, ...sortProblems(problems)],
  };
}

function checkAgainst(
  planned: PlannedItem,
  archived: ItemRecord,
  manifestName: string,
): ManifestProblem[] {
  const { item } = planned;
  const id = item.id;
  const where = (column: ManifestColumn): Omit<ManifestProblem, 'reason'> =>
    planned.source.kind === 'manifest'
      ? { file: manifestName, row: planned.source.row, column: columnName(column) }
      : { file: planned.files.map((file) => file.relativePath).join(', ') || planned.source.stem };
  const subject =
    planned.source.kind === 'manifest' ? 'this row' : `these files (item ${id} by their name)`;
  if (archived.item.collection !== item.collection) {
    const origin = planned.given.includes('collection')
      ? ''
      : ` (${item.collection} is this deposit's collection: from --collection, collection.json or the folder's name)`;
    // Nothing about the archived item but its collection: it may be secret/sacred.
    return [
      {
        ...where(planned.given.includes('collection') ? 'collection' : 'id'),
        reason: `id ${id} already belongs to collection ${archived.item.collection}; ${subject} would put it in ${item.collection}${origin}. An ingest never moves an item: use another id, or move it with \`heritage items change ${id} --collection ${item.collection} --reason "..." --lower-protection\``,
      },
    ];
  }
  const problems: ManifestProblem[] = [];
  const change = (column: ManifestColumn, what: string, from: string, to: string, flag: string) =>
    problems.push({
      ...where(column),
      reason: `would change the ${what} of ${id} from ${from} to ${to}. An ingest never changes protection: use \`heritage items change ${id} ${flag} --reason "..."\``,
    });
  const given = new Set(planned.given);
  const before = archived.item;
  if (given.has('access') && item.accessProtocol !== before.accessProtocol)
    change(
      'access',
      'access protocol',
      before.accessProtocol,
      item.accessProtocol,
      `--access ${item.accessProtocol}${isLessProtective(before.accessProtocol, item.accessProtocol) ? ' --lower-protection' : ''}`,
    );
  const beforeUses = [...before.consent.uses].sort();
  const afterUses = [...item.consent.uses].sort();
  if (given.has('consent') && !isDeepStrictEqual(beforeUses, afterUses)) {
    const added = afterUses.some((use) => !beforeUses.includes(use));
    change(
      'consent',
      'consent uses',
      beforeUses.join('; '),
      afterUses.join('; '),
      `--consent "${afterUses.join(',')}"${added ? ' --lower-protection' : ''}`,
    );
  }
  if (given.has('consentWithdrawn') && item.consent.withdrawn !== before.consent.withdrawn)
    change(
      'consentWithdrawn',
      'consent',
      before.consent.withdrawn ? 'withdrawn' : 'given',
      item.consent.withdrawn ? 'withdrawn' : 'given',
      item.consent.withdrawn ? '--withdraw-consent' : '--restore-consent --lower-protection',
    );
  if (given.has('consentBy') && item.consent.consentedBy !== before.consent.consentedBy)
    change(
      'consentBy',
      'consent record (who consented)',
      before.consent.consentedBy ?? 'nobody named',
      item.consent.consentedBy ?? 'nobody named',
      `--consented-by "${item.consent.consentedBy ?? ''}"`,
    );
  if (given.has('consentDate') && item.consent.date !== before.consent.date)
    change(
      'consentDate',
      'consent date',
      before.consent.date ?? 'none',
      item.consent.date ?? 'none',
      `--consent-date ${item.consent.date ?? ''}`,
    );
  return problems;
}

/** The archived item with the fields the row gives; protected facts stay as archived. */
function mergeWith(planned: PlannedItem, archived: ItemRecord): PlannedItem {
  const given = new Set(planned.given);
  const item: Item = {
    ...archived.item,
    accessProtocol: archived.item.accessProtocol,
    consent: archived.item.consent as Consent,
    // Archived order first, so that depositing the same files again changes nothing.
    files: [...new Set([...archived.item.files, ...planned.item.files])],
  };
  for (const [column, field] of Object.entries(fieldOfColumn) as [ManifestColumn, keyof Item][]) {
    if (given.has(column)) Object.assign(item, { [field]: planned.item[field] });
  }
  return { ...planned, item, extra: { ...archived.extra, ...planned.extra } };
}

function sortProblems(problems: ManifestProblem[]): ManifestProblem[] {
  return problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.file < b.file ? -1 : 1));
}
