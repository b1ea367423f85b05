import { ApiError, request } from '../api/client';
import type { Annotation } from '../api/types';

/*
 * The workspace's one way to write annotations. A single change goes to the routes made
 * for it (add, supersede); several at once (a split, a merge, a removal) go as one batch
 * that the server applies as one object version or not at all.
 */

/** Where a new annotation goes, as the API takes it; the asset defaults to the item's only one. */
export type AnchorRequest =
  | { kind: 'time'; asset?: string; startMs: number; endMs: number }
  | {
      kind: 'region';
      asset?: string;
      page: number;
      /** Pixels of the page image; the whole page when absent. */
      region?: { x: number; y: number; width: number; height: number };
    }
  | { kind: 'item' };

export interface AnnotationFields {
  type: string;
  value: string;
  terms?: string[];
  language?: string;
  anchor?: AnchorRequest;
}

/** One change; `supersede` and `retire` name the current version they replace. */
export type AnnotationChange =
  | ({ op: 'add' } & AnnotationFields)
  | ({ op: 'supersede'; id: string } & Partial<AnnotationFields>)
  | { op: 'retire'; id: string };

/** What the server made of one change: the new version's id. */
export interface SavedChange {
  op: AnnotationChange['op'];
  id: string;
  supersedes?: string;
}

export interface SaveResult {
  /** The item's object version after the save. */
  version: string;
  changed: boolean;
  saved: SavedChange[];
}

interface ChangeAnswer {
  changed: boolean;
  version: string;
  annotation?: { id: string; supersedes?: string };
}

const annotationsPath = (itemId: string) => `/items/${encodeURIComponent(itemId)}/annotations`;

/** Saves changes to one item's annotations; throws `ApiError` (409 for a stale edit, 422 for bad input). */
export async function saveChanges(
  itemId: string,
  changes: readonly AnnotationChange[],
): Promise<SaveResult> {
  const [only] = changes;
  // A retirement, and a supersede that changes nothing (a restore), go as a batch: the
  // single routes take neither.
  if (
    changes.length === 1 &&
    only &&
    only.op !== 'retire' &&
    Object.keys(fieldsOf(only)).length > 0
  ) {
    const answer =
      only.op === 'add'
        ? await request<ChangeAnswer>('POST', annotationsPath(itemId), { body: fieldsOf(only) })
        : await request<ChangeAnswer>(
            'POST',
            `${annotationsPath(itemId)}/${encodeURIComponent(only.id)}/supersede`,
            { body: fieldsOf(only) },
          );
    const op = only.op;
    const id = answer.annotation?.id ?? (only.op === 'supersede' ? only.id : '');
    return {
      version: answer.version,
      changed: answer.changed,
      saved: [
        {
          op,
          id,
          ...(answer.annotation?.supersedes ? { supersedes: answer.annotation.supersedes } : {}),
        },
      ],
    };
  }
  return request<SaveResult>('POST', `${annotationsPath(itemId)}/changes`, {
    body: { changes },
  });
}

/** The fields a single-change route takes: the change without its `op` and `id`. */
function fieldsOf(change: AnnotationChange): Partial<AnnotationFields> {
  const { op: _op, ...rest } = change;
  if ('id' in rest) {
    const { id: _id, ...fields } = rest;
    return fields;
  }
  return rest;
}

/** True for the answer to an edit of a version someone else has already replaced. */
export const isStaleEdit = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409;

/**
 * The item's current annotations, as the workspace edits them: every one of them, read
 * from the item's object (not a page of search results).
 */
export async function fetchWorkspaceAnnotations(
  itemId: string,
  signal?: AbortSignal,
): Promise<Annotation[]> {
  const answer = await request<{ version: string; annotations: Annotation[] }>(
    'GET',
    `${annotationsPath(itemId)}/workspace`,
    { signal },
  );
  return answer.annotations;
}
