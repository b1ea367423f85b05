import path from 'node:path';
import {
  type AnnotationsDocument,
  type ImportedDocument,
  readAnnotationsDocument,
  serializeAnnotationsDocument,
} from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { withItemHead, writeItemVersion } from '../../archive/item-version.js';
import type { Annotation, Vocabulary } from '../../formats/index.js';
import { saveAnnotationRows } from '../../infra/catalog/annotation-rows.js';
import { applyOcrCorrections } from '../../infra/catalog/ocr-corrections.js';
import { assertValidLogicalPath, type FileToAdd } from '../../infra/ocfl/index.js';
import type { Asset } from '../../model/asset.js';
import { type ItemRecord, MetadataPath } from '../../model/item-record.js';
import { checkAnnotations } from './annotation-checks.js';
import { annotationChangeEvent } from './annotation-event.js';
import { readCollectionVocabulary } from './collection-vocabulary.js';

/** The item as a change sees it, read under the item's lock. */
export interface AnnotationState {
  record: ItemRecord;
  document: AnnotationsDocument;
  vocabulary?: Vocabulary;
}

/** A document to keep under `originals/annotations/` with the change. */
export interface KeptDocument {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  mediaType: string;
  format: ImportedDocument['format'];
  recording?: string;
}

/** What a change adds, computed from the current state. */
export interface PlannedAnnotationChange {
  /** The full next list (existing annotations plus `added`). */
  annotations: Annotation[];
  added: Annotation[];
  unchanged: number;
  document?: KeptDocument;
  /** Write the version to keep `document` even when no annotation is added. */
  keepDocumentAlone?: boolean;
  /** Says what the change is, for the event and the version message. */
  summary: string;
}

/** The outcome: the version written, or the head version when nothing changed. */
export interface AnnotationCommit {
  itemId: string;
  changed: boolean;
  version: string;
  added: Annotation[];
  unchanged: number;
  /** Logical path the document was kept at, when one was. */
  documentPath?: string;
}

/**
 * Writes a change to an item's annotations as its next object version, under the
 * item's lock: `plan` computes the change from the head version; new annotations are
 * checked against the item's media and vocabulary; then `metadata/annotations.json`,
 * the kept document, `item.json` and an `annotation change` event (agent: the author)
 * are committed and mirrored in the catalog. No version is written when nothing is new
 * (unless the change asks to keep its document alone).
 */
export async function commitAnnotationChange(
  archive: Archive,
  locks: ItemLocks,
  itemId: string,
  author: string,
  sourceName: string,
  plan: (state: AnnotationState) => PlannedAnnotationChange,
): Promise<AnnotationCommit> {
  return withItemHead(archive, locks, itemId, async (head) => {
    const document = await readAnnotationsDocument(archive.objects, itemId, head.version);
    const vocabulary = (await readCollectionVocabulary(archive.objects, head.record.collection.id))
      ?.vocabulary;
    const change = plan({ record: head.record, document, vocabulary });
    if (change.added.length === 0 && !(change.keepDocumentAlone && change.document)) {
      return {
        itemId,
        changed: false,
        version: head.version,
        added: [],
        unchanged: change.unchanged,
      };
    }
    // A retirement repeats content the item already holds: nothing new to check.
    const checked = change.added.filter((annotation) => !annotation.retired);
    checkAnnotations(head.record, checked, vocabulary, sourceName);

    const kept = change.document ? keptDocumentAsset(change.document) : undefined;
    const record: ItemRecord = kept
      ? {
          ...head.record,
          assets: [...head.record.assets.filter((asset) => asset.path !== kept.path), kept].sort(
            (a, b) => (a.path < b.path ? -1 : 1),
          ),
        }
      : head.record;
    const next: AnnotationsDocument = {
      ...document,
      documents:
        kept && change.document
          ? [
              ...document.documents,
              {
                path: kept.path,
                sha256: kept.sha256,
                format: change.document.format,
                ...(change.document.recording ? { recording: change.document.recording } : {}),
                importedAt: new Date().toISOString(),
              },
            ]
          : document.documents,
      annotations: change.annotations,
    };
    const event = annotationChangeEvent(author, change.summary, change, kept?.path);
    const files: FileToAdd[] = [
      { logicalPath: MetadataPath.annotations, body: serializeAnnotationsDocument(next) },
      ...(kept && change.document
        ? [{ logicalPath: kept.path, body: change.document.bytes, sha256: kept.sha256 }]
        : []),
    ];
    const version = await writeItemVersion(archive, head, {
      record,
      events: [event],
      files,
      message: `Annotations: ${change.summary}`,
      author,
      catalog: async (tx) => {
        await saveAnnotationRows(tx, itemId, next.annotations);
        await applyOcrCorrections(tx, itemId);
      },
    });
    return {
      itemId,
      changed: true,
      version,
      added: change.added,
      unchanged: change.unchanged,
      ...(kept ? { documentPath: kept.path } : {}),
    };
  });
}

/** The asset record of a document kept under `originals/annotations/`. */
function keptDocumentAsset(document: KeptDocument): Asset {
  const name = path.posix.basename(document.name.replaceAll('\\', '/'));
  const logicalPath = `originals/annotations/${name}`;
  assertValidLogicalPath(logicalPath);
  return {
    path: logicalPath,
    role: 'annotation-document',
    originalName: `annotations/${name}`,
    mediaType: document.mediaType,
    format: document.format,
    sha256: document.sha256,
    size: document.bytes.byteLength,
    technical: {},
  };
}
