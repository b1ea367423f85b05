import { isDeepStrictEqual } from 'node:util';
import { AnnotationIndex } from './annotation-index.js';
import type { Annotation } from './annotation-schema.js';
import { createAnnotation } from './create-annotation.js';

/** The outcome of merging a re-imported document into what the archive already holds. */
export interface MergeResult {
  /** The existing annotations plus the added ones (nothing is removed). */
  annotations: Annotation[];
  /** New annotations, including new versions that supersede edited ones. */
  added: Annotation[];
  /** Imported annotations the archive already had (this version or an earlier one). */
  unchanged: number;
  /** What became of each imported annotation, in the order given. */
  outcomes: ImportOutcome[];
}

/** `added`: new; `superseded`: a new version of an annotation the archive holds; `unchanged`: known. */
export type ImportOutcome = 'added' | 'superseded' | 'unchanged';

/**
 * Merges freshly imported annotations into the existing ones without duplicates:
 * an annotation already present (same id, or same content as any version of the one at
 * the same source position) is skipped; one whose source position holds an annotation
 * with other content becomes a new version that supersedes the current one.
 */
export function mergeImported(
  existing: readonly Annotation[],
  imported: readonly Annotation[],
): MergeResult {
  const all = [...existing];
  const index = new AnnotationIndex(all);
  const atPosition = new Map<string, Annotation>();
  for (const annotation of all) {
    const key = positionKey(annotation);
    if (key !== undefined) atPosition.set(key, annotation);
  }
  const added: Annotation[] = [];
  const outcomes: ImportOutcome[] = [];
  let unchanged = 0;
  const add = (annotation: Annotation) => {
    all.push(annotation);
    added.push(annotation);
    index.add(annotation);
    const key = positionKey(annotation);
    if (key !== undefined) atPosition.set(key, annotation);
  };

  for (const incoming of imported) {
    const key = positionKey(incoming);
    const known = index.get(incoming.id) ?? (key === undefined ? undefined : atPosition.get(key));
    if (!known) {
      add(incoming);
      outcomes.push('added');
      continue;
    }
    const history = index.history(known.id);
    if (history.some((version) => sameContent(version, incoming))) {
      unchanged += 1;
      outcomes.push('unchanged');
      continue;
    }
    outcomes.push('superseded');
    const current = history.at(-1) ?? known;
    if (incoming.id === known.id) {
      // Same id but other content: an annotation made in heritage, edited in ELAN.
      add(
        createAnnotation(
          { ...incoming, supersedes: current.id, created: incoming.created },
          { position: `edit:${current.id}` },
        ),
      );
    } else {
      add({ ...incoming, supersedes: current.id });
    }
  }
  return { annotations: all, added, unchanged, outcomes };
}

/** Where an imported annotation sits in its source, scoped by the recording or scan. */
function positionKey(annotation: Annotation): string | undefined {
  const { source, anchor } = annotation;
  if (!source?.tier || (source.elementId === undefined && source.index === undefined))
    return undefined;
  const scope = anchor.kind === 'item' ? '' : anchor.asset;
  const place = [scope, source.format, source.tier, source.elementId ?? source.index];
  // The first tier of a name keeps the key archives already hold; later ones add their occurrence.
  if (source.tierOccurrence !== undefined) place.push(source.tierOccurrence);
  return JSON.stringify(place);
}

function sameContent(a: Annotation, b: Annotation): boolean {
  return (
    a.type === b.type &&
    a.value === b.value &&
    a.language === b.language &&
    isDeepStrictEqual([...a.terms].sort(), [...b.terms].sort()) &&
    isDeepStrictEqual(a.anchor, b.anchor)
  );
}
