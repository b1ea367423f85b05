import type { Annotation } from '../../formats/index.js';
import type { ArchiveEvent } from '../../model/event.js';
import { newEvent } from '../../model/event-log.js';

/** What one change did to an item's annotations. */
export interface AnnotationChangeCounts {
  added: readonly Annotation[];
  unchanged: number;
}

/**
 * The PREMIS `annotation change` event of a change: how many annotations are new and
 * how many of those are edits (new versions superseding older ones).
 */
export function annotationChangeEvent(
  agent: string,
  what: string,
  counts: AnnotationChangeCounts,
  object?: string,
): ArchiveEvent {
  const edits = counts.added.filter((annotation) => annotation.supersedes !== undefined).length;
  return newEvent({
    type: 'annotation change',
    agent,
    outcome: 'success',
    ...(object === undefined ? {} : { object }),
    detail: `${what}: ${counts.added.length - edits} new, ${edits} edited, ${counts.unchanged} unchanged`,
    data: {
      added: counts.added.length - edits,
      edited: edits,
      unchanged: counts.unchanged,
      ids: counts.added.length <= 50 ? counts.added.map((annotation) => annotation.id) : undefined,
    },
  });
}
