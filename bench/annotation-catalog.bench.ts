/**
 * Annotation catalog costs on both databases, with the 8,778 annotations of the ELAN
 * corpus document, each against a baseline measured in the same run:
 *  - indexing one item's annotations (what every import, edit and reindex does):
 *    `saveAnnotationRows`, JSON batches through jsonb_to_recordset, vs. one INSERT per row;
 *  - re-importing the same document: `mergeImported` finding nothing new vs. the ELAN
 *    conversion that produced the annotations;
 *  - `searchAnnotations` by type and time range over ITEMS copies of the document vs. the
 *    same filter over an in-memory array: what SQL and the round trip add.
 *
 *   npx tsx bench/annotation-catalog.bench.ts
 *   HERITAGE_BENCH_ANNOTATION_ITEMS=10 npx tsx bench/annotation-catalog.bench.ts
 */
import { readFileSync } from 'node:fs';
import {
  type Annotation,
  eafToAnnotations,
  mergeImported,
  parseEaf,
} from '../src/formats/index.js';
import { searchAnnotations } from '../src/infra/catalog/annotation-queries.js';
import { saveAnnotationRows } from '../src/infra/catalog/annotation-rows.js';
import type { Database } from '../src/infra/catalog/database.js';
import { foldForSearch } from '../src/infra/catalog/search-text.js';
import { corpusFile } from '../tests/support/corpus.js';
import { databaseKinds, openTestCatalog } from '../tests/support/databases.js';
import { skipWithoutCorpus } from './skip-without-corpus.js';

const ITEMS = Number(process.env.HERITAGE_BENCH_ANNOTATION_ITEMS ?? 5);
const ROUNDS = 5;
const asset = 'originals/r03_v20_s5.wav';

skipWithoutCorpus();
const bytes = readFileSync(corpusFile('eaf', 'sample_3.0.eaf'));
const document = parseEaf(bytes, { sourceName: 'sample_3.0.eaf' });
const convert = () =>
  eafToAnnotations(document, {
    asset,
    author: 'bench',
    created: '2024-01-01T00:00:00Z',
    tierTypes: { gestures: 'note', gest_included: 'note' },
  }).annotations;
const annotations = convert();

async function secondsAsync(run: () => Promise<unknown> | unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function median(run: () => Promise<unknown> | unknown, rounds = ROUNDS): Promise<number> {
  await run();
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) times.push(await secondsAsync(run));
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;
const perSecond = (count: number, seconds: number) =>
  `${Math.round(count / seconds).toLocaleString('en')}/s`;
const ratio = (ours: number, baseline: number) => `${(ours / baseline).toFixed(2)}x`;

/** The baseline: what indexing looks like without batching, one statement per annotation. */
async function insertRowByRow(db: Database, itemId: string, list: readonly Annotation[]) {
  await db.query('DELETE FROM annotations WHERE item_id = $1', [itemId]);
  for (const annotation of list) {
    const { anchor } = annotation;
    await db.query(
      `INSERT INTO annotations (item_id, id, type, value, terms, anchor, author, created_at, search_text,
         asset_path, start_ms, end_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        itemId,
        annotation.id,
        annotation.type,
        annotation.value,
        annotation.terms,
        JSON.stringify(anchor),
        annotation.author,
        annotation.created,
        foldForSearch(annotation.value),
        anchor.kind === 'item' ? null : anchor.asset,
        anchor.kind === 'time' ? anchor.startMs : null,
        anchor.kind === 'time' ? anchor.endMs : null,
      ],
    );
  }
}

console.log(`${annotations.length.toLocaleString('en')} annotations per item, ${ITEMS} items\n`);

const reimportMs = await median(() => mergeImported(annotations, convert()));
const convertMs = await median(convert);
console.log(
  `re-import (conversion + mergeImported, nothing new): ${ms(reimportMs)}; conversion alone ${ms(convertMs)}; ratio ${ratio(reimportMs, convertMs)}`,
);

for (const kind of databaseKinds) {
  const catalog = await openTestCatalog(kind).catch((error: Error) => {
    console.log(`\n${kind}: skipped (${error.message})`);
    return undefined;
  });
  if (!catalog) continue;
  const db = catalog.database;
  try {
    await db.query(
      "INSERT INTO collections (id, title, default_access) VALUES ('bench', 'Bench', 'open')",
    );
    for (let index = 0; index < ITEMS; index += 1) {
      await db.query(
        "INSERT INTO items (id, collection_id, title, access_protocol, consent) VALUES ($1, 'bench', 'Bench', 'open', '{}')",
        [`item-${index}`],
      );
    }
    const batched = await median(
      () => db.transaction((tx) => saveAnnotationRows(tx, 'item-0', annotations)),
      3,
    );
    const rowByRow = await median(
      () => db.transaction((tx) => insertRowByRow(tx, 'item-0', annotations)),
      1,
    );
    for (let index = 0; index < ITEMS; index += 1) {
      await db.transaction((tx) => saveAnnotationRows(tx, `item-${index}`, annotations));
    }
    const search = { type: 'gloss', startMs: 600_000, endMs: 630_000 };
    const hits = await searchAnnotations(db, search);
    const inSql = await median(() => searchAnnotations(db, search));
    const everything = Array.from({ length: ITEMS }, () => annotations).flat();
    const inMemory = await median(() =>
      everything.filter(
        (annotation) =>
          annotation.type === search.type &&
          annotation.anchor.kind === 'time' &&
          annotation.anchor.endMs >= search.startMs &&
          annotation.anchor.startMs <= search.endMs,
      ),
    );
    console.log(`\n${kind}`);
    console.log(
      `  index one item:  batched ${ms(batched)} (${perSecond(annotations.length, batched)}); row by row ${ms(rowByRow)} (${perSecond(annotations.length, rowByRow)}); ratio ${ratio(batched, rowByRow)}`,
    );
    console.log(
      `  search type+time over ${everything.length.toLocaleString('en')} rows: ${hits.length} hits in ${ms(inSql)}; in-memory filter ${ms(inMemory)}; ratio ${ratio(inSql, inMemory)}`,
    );
  } finally {
    await catalog.dispose();
  }
}
