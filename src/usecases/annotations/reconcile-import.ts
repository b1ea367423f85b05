import { isDeepStrictEqual } from 'node:util';
import { type Annotation, currentAnnotations } from '../../formats/index.js';

/** Imported annotations made ready for `mergeImported`, and those that restate the item. */
export interface Reconciled {
  annotations: Annotation[];
  /** The imported annotation each of `annotations` stands for (the same, or the cue it took). */
  from: Annotation[];
  /** Imported annotations that say what a current annotation already says. */
  restated: Annotation[];
}

/**
 * Lets heritage's own TextGrid, WebVTT and SRT exports come back without duplicates.
 * Those formats carry no annotation ids (ELAN and JSON do, and `mergeImported` uses
 * them; do not pass their annotations here), so:
 * - a WebVTT cue whose identifier is the id of a current annotation is that annotation,
 *   with the cue's text and times (an edit when they changed), keeping what WebVTT
 *   cannot hold: its type, terms and language;
 * - any other imported annotation whose type, value and anchor equal a current
 *   annotation's is dropped as a restatement.
 */
export function reconcileImport(
  existing: readonly Annotation[],
  imported: readonly Annotation[],
  cueIds: ReadonlyMap<string, string>,
  author: string,
): Reconciled {
  const current = currentAnnotations(existing);
  const byId = new Map(current.map((annotation) => [annotation.id, annotation]));
  const annotations: Annotation[] = [];
  const from: Annotation[] = [];
  const restated: Annotation[] = [];
  for (const incoming of imported) {
    const cued = byId.get(cueIds.get(incoming.id) ?? '');
    if (cued) {
      const anchor = cued.anchor.kind === incoming.anchor.kind ? incoming.anchor : cued.anchor;
      const edited = cued.value !== incoming.value || !isDeepStrictEqual(cued.anchor, anchor);
      annotations.push({
        ...cued,
        value: incoming.value,
        anchor,
        author: edited ? author : cued.author,
      });
      from.push(incoming);
      continue;
    }
    if (!byId.has(incoming.id) && current.some((known) => sameText(known, incoming))) {
      restated.push(incoming);
      continue;
    }
    annotations.push(incoming);
    from.push(incoming);
  }
  return { annotations, from, restated };
}

function sameText(a: Annotation, b: Annotation): boolean {
  return a.type === b.type && a.value === b.value && isDeepStrictEqual(a.anchor, b.anchor);
}
