import { createHash } from 'node:crypto';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { isDeepStrictEqual } from 'node:util';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { readObjectText } from '../../archive/object-files.js';
import { parseVocabularyJson, type Vocabulary, vocabularyToJson } from '../../formats/index.js';
import { saveEvents } from '../../infra/catalog/item-rows.js';
import { saveVocabularyRow, termsInUse } from '../../infra/catalog/vocabulary-rows.js';
import { assertValidLogicalPath, type OcflStorageRoot } from '../../infra/ocfl/index.js';
import { appendEvents, newEvent, parseEvents } from '../../model/event-log.js';

/*
 * A collection's controlled vocabulary lives in an OCFL object of its own, next to the
 * item objects: versioned, fixity-checked and in the same storage (filesystem or S3), so
 * `heritage reindex` finds it again. Its id (`urn:heritage:vocabulary:<collection>`)
 * contains `:`, which item ids cannot, so the two never collide.
 */

const OBJECT_ID_PREFIX = 'urn:heritage:vocabulary:';
const VOCABULARY_PATH = 'vocabulary.json';
const EVENTS_PATH = 'events.jsonl';

/** The OCFL object id of a collection's vocabulary. */
function vocabularyObjectId(collection: string): string {
  return `${OBJECT_ID_PREFIX}${collection}`;
}

/** The collection whose vocabulary object this is, or undefined for any other object. */
export function collectionOfVocabularyObject(objectId: string): string | undefined {
  return objectId.startsWith(OBJECT_ID_PREFIX)
    ? objectId.slice(OBJECT_ID_PREFIX.length)
    : undefined;
}

/** A collection's vocabulary at its head version, or undefined when it has none. */
export async function readCollectionVocabulary(
  objects: OcflStorageRoot,
  collection: string,
): Promise<{ vocabulary: Vocabulary; version: string } | undefined> {
  const objectId = vocabularyObjectId(collection);
  if (!(await objects.hasObject(objectId))) return undefined;
  // Read through the inventory already loaded, instead of loading it again for the file.
  const inventory = await objects.getInventory(objectId);
  const json = await text(await objects.readFileOf(inventory, VOCABULARY_PATH));
  return {
    vocabulary: parseVocabularyJson(json, { sourceName: `${objectId}/${VOCABULARY_PATH}` }),
    version: inventory.head,
  };
}

/** A vocabulary change refused because annotations still use terms it drops. */
export class VocabularyInUseError extends Error {
  override readonly name = 'VocabularyInUseError';
}

/**
 * A vocabulary change refused because it was made from a version that is no longer the
 * head: someone else stored the vocabulary in between, and this write would undo theirs.
 */
export class StaleVocabularyError extends Error {
  override readonly name = 'StaleVocabularyError';
  constructor(
    readonly collection: string,
    readonly baseVersion: string,
    readonly headVersion: string | undefined,
  ) {
    super(
      `the vocabulary of collection ${collection} changed since ${baseVersion} (now ${headVersion ?? 'none'}): read it again and redo the change`,
    );
  }
}

/** What an import of a vocabulary did. */
export interface VocabularyCommit {
  collection: string;
  version: string;
  changed: boolean;
  terms: number;
}

/**
 * Stores a collection's vocabulary as the next version of its vocabulary object (with
 * the imported file's bytes under `originals/` and an event), then the catalog row.
 * Nothing is written when the vocabulary is unchanged. Dropping a term that current
 * annotations use is refused: they would point at nothing. With `baseVersion` (the
 * version the editor read), a write made while another one landed is refused too.
 */
export async function commitCollectionVocabulary(
  archive: Archive,
  locks: ItemLocks,
  input: {
    collection: string;
    vocabulary: Vocabulary;
    source: { name: string; bytes: Uint8Array };
    author: string;
    /** The head version the change was made from; absent: whatever is there now. */
    baseVersion?: string;
  },
): Promise<VocabularyCommit> {
  const { collection, vocabulary, source, author, baseVersion } = input;
  const objectId = vocabularyObjectId(collection);
  const originalPath = `originals/${path.posix.basename(source.name.replaceAll('\\', '/'))}`;
  assertValidLogicalPath(originalPath);
  return locks.withLock(objectId, async () => {
    const current = await readCollectionVocabulary(archive.objects, collection);
    if (current && isDeepStrictEqual(current.vocabulary, vocabulary)) {
      return {
        collection,
        version: current.version,
        changed: false,
        terms: vocabulary.terms.length,
      };
    }
    // Under the lock, so that two editors who read the same version cannot both win; a
    // resent write that is already stored is answered above as unchanged.
    if (baseVersion !== undefined && current?.version !== baseVersion)
      throw new StaleVocabularyError(collection, baseVersion, current?.version);
    const kept = new Set(vocabulary.terms.map((term) => term.id));
    const dropped = (await termsInUse(archive.catalog, collection)).filter(
      (term) => !kept.has(term),
    );
    if (dropped.length > 0) {
      throw new VocabularyInUseError(
        `${source.name}: terms ${dropped.map((term) => `"${term}"`).join(', ')} are used by annotations of collection ${collection}; keep them in the vocabulary`,
      );
    }
    const event = newEvent({
      type: 'annotation change',
      agent: author,
      outcome: 'success',
      object: originalPath,
      detail: `vocabulary ${vocabulary.id} of collection ${collection}: ${vocabulary.terms.length} terms from ${source.name}`,
      data: { sha256: createHash('sha256').update(source.bytes).digest('hex') },
    });
    const previousEvents = current
      ? ((await readObjectText(archive.objects, objectId, EVENTS_PATH)) ?? '')
      : '';
    const commit = await archive.objects.commitVersion(
      objectId,
      {
        add: [
          { logicalPath: VOCABULARY_PATH, body: vocabularyToJson(vocabulary) },
          { logicalPath: originalPath, body: source.bytes },
          { logicalPath: EVENTS_PATH, body: appendEvents(previousEvents, [event]) },
        ],
      },
      {
        message: `Vocabulary of collection ${collection} from ${source.name}`,
        user: { name: author },
      },
    );
    await archive.catalog.transaction(async (tx) => {
      await saveVocabularyRow(tx, collection, vocabulary, commit.version);
      await saveEvents(tx, null, [event]);
    });
    return { collection, version: commit.version, changed: true, terms: vocabulary.terms.length };
  });
}

/** Mirrors a vocabulary object (head version) and its events into the catalog. */
export async function reindexCollectionVocabulary(
  archive: Archive,
  objectId: string,
): Promise<void> {
  const collection = collectionOfVocabularyObject(objectId);
  if (collection === undefined) throw new Error(`${objectId} is not a vocabulary object`);
  const found = await readCollectionVocabulary(archive.objects, collection);
  if (!found) throw new Error(`has no ${VOCABULARY_PATH}`);
  const events = parseEvents((await readObjectText(archive.objects, objectId, EVENTS_PATH)) ?? '');
  await archive.catalog.transaction(async (tx) => {
    await saveVocabularyRow(tx, collection, found.vocabulary, found.version);
    await saveEvents(tx, null, events);
  });
}
