import { currentAnnotations } from '../../model/annotations/annotation-history.js';
import type {
  Annotation,
  AnnotationType,
  TimeAnchor,
} from '../../model/annotations/annotation-schema.js';
import type { TimedSegment, TimedTier } from './transcript-model.js';

/** Which annotations go into a TextGrid or WebVTT export. */
export interface TranscriptExportOptions {
  /** Only annotations anchored to this recording. */
  asset: string;
  /** Only these types (default: all). */
  types?: readonly AnnotationType[];
}

type TimedAnnotation = Annotation & { anchor: TimeAnchor };

/**
 * Lays the current time-anchored annotations of one recording out as tiers, one per
 * type and author (`transcription`, or `transcription (Linh)` when several people wrote
 * that type). Overlapping spans go to further numbered tiers and points to a point tier,
 * since a TextGrid interval tier holds neither.
 */
export function annotationsToTiers(
  annotations: readonly Annotation[],
  options: TranscriptExportOptions,
): TimedTier[] {
  const selected = selectTimed(annotations, options);
  const groups = new Map<string, TimedAnnotation[]>();
  for (const annotation of selected) {
    const key = JSON.stringify([annotation.type, annotation.author]);
    const group = groups.get(key);
    if (group) group.push(annotation);
    else groups.set(key, [annotation]);
  }
  const authorsOfType = new Map<string, number>();
  for (const annotation of groups.values()) {
    const type = annotation[0]?.type ?? '';
    authorsOfType.set(type, (authorsOfType.get(type) ?? 0) + 1);
  }
  const tiers: TimedTier[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const name =
      (authorsOfType.get(first.type) ?? 0) > 1 ? `${first.type} (${first.author})` : first.type;
    const points = group.filter(
      (annotation) => annotation.anchor.startMs === annotation.anchor.endMs,
    );
    const spans = group.filter((annotation) => annotation.anchor.startMs < annotation.anchor.endMs);
    splitIntoLanes(spans.map(toSegment)).forEach((lane, index) => {
      tiers.push({
        name: index === 0 ? name : `${name} ${index + 1}`,
        kind: 'interval',
        segments: lane,
      });
    });
    if (points.length > 0)
      tiers.push({ name: `${name} points`, kind: 'point', segments: points.map(toSegment) });
  }
  return tiers;
}

/** The current time-anchored annotations of one recording as WebVTT-ready cues, in time order. */
export function annotationsToCues(
  annotations: readonly Annotation[],
  options: TranscriptExportOptions,
): TimedSegment[] {
  return selectTimed(annotations, options)
    .map(toSegment)
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

function selectTimed(
  annotations: readonly Annotation[],
  options: TranscriptExportOptions,
): TimedAnnotation[] {
  return currentAnnotations(annotations).filter(
    (annotation): annotation is TimedAnnotation =>
      annotation.anchor.kind === 'time' &&
      annotation.anchor.asset === options.asset &&
      (options.types === undefined || options.types.includes(annotation.type)),
  );
}

function toSegment(annotation: TimedAnnotation): TimedSegment {
  return {
    startMs: annotation.anchor.startMs,
    endMs: annotation.anchor.endMs,
    text: annotation.value,
    cueId: annotation.id,
  };
}

/** Greedy interval partitioning: each segment goes to the first lane it does not overlap. */
function splitIntoLanes(segments: TimedSegment[]): TimedSegment[][] {
  const lanes: TimedSegment[][] = [];
  for (const segment of [...segments].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)) {
    const lane = lanes.find((candidate) => (candidate.at(-1)?.endMs ?? 0) <= segment.startMs);
    if (lane) lane.push(segment);
    else lanes.push([segment]);
  }
  return lanes;
}
