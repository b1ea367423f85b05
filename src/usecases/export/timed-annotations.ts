import type { Annotation, TimeAnchor } from '../../model/annotations/annotation-schema.js';
import { compareText } from './compare-text.js';

/** An annotation anchored to a time span of a recording. */
export type TimedAnnotation = Annotation & { anchor: TimeAnchor };

/**
 * The time-anchored annotations of a list, by recording, start, end and id: one order for
 * every file the export writes, so re-runs stay byte-identical.
 */
export function timedInOrder(annotations: readonly Annotation[]): TimedAnnotation[] {
  return annotations
    .filter((annotation): annotation is TimedAnnotation => annotation.anchor.kind === 'time')
    .sort(
      (a, b) =>
        compareText(a.anchor.asset, b.anchor.asset) ||
        a.anchor.startMs - b.anchor.startMs ||
        a.anchor.endMs - b.anchor.endMs ||
        compareText(a.id, b.id),
    );
}
