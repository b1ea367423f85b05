import type { EafDocument, EafTier } from './eaf-model.js';

/** A resolved time span in milliseconds. */
export interface Span {
  startMs: number;
  endMs: number;
}

/**
 * Gives every annotation a time span. Alignable annotations take their time slots'
 * values; unaligned slots (no TIME_VALUE, as inside a time subdivision) are placed
 * evenly between the nearest aligned slots along their own tier, as ELAN shows them;
 * reference annotations take their parent's span. Interpolating per tier, not along
 * TIME_ORDER, keeps spans stable when slots are added elsewhere in the document.
 * Annotations whose span cannot be found (no aligned slot to lean on) are left out.
 */
export function resolveAnnotationSpans(document: EafDocument): Map<string, Span> {
  const slotValue = new Map(document.timeSlots.map((slot) => [slot.id, slot.value]));
  const spans = new Map<string, Span>();
  const parentOf = new Map<string, string>();
  for (const tier of document.tiers) {
    const times = resolveTierSlots(tier, slotValue);
    for (const annotation of tier.annotations) {
      if (annotation.kind === 'reference') {
        parentOf.set(annotation.id, annotation.annotationRef);
        continue;
      }
      const startMs = times.get(annotation.timeSlotRef1);
      const endMs = times.get(annotation.timeSlotRef2);
      if (startMs !== undefined && endMs !== undefined)
        spans.set(annotation.id, { startMs, endMs });
    }
  }
  for (const id of parentOf.keys()) {
    const seen = new Set<string>();
    let ancestor: string | undefined = id;
    while (ancestor !== undefined && !spans.has(ancestor) && !seen.has(ancestor)) {
      seen.add(ancestor);
      ancestor = parentOf.get(ancestor);
    }
    const span = ancestor === undefined ? undefined : spans.get(ancestor);
    if (span) for (const member of seen) spans.set(member, span);
  }
  return spans;
}

function resolveTierSlots(
  tier: EafTier,
  slotValue: ReadonlyMap<string, number | undefined>,
): Map<string, number> {
  const sequence: string[] = [];
  for (const annotation of tier.annotations) {
    if (annotation.kind !== 'alignable') continue;
    if (sequence.at(-1) !== annotation.timeSlotRef1) sequence.push(annotation.timeSlotRef1);
    sequence.push(annotation.timeSlotRef2);
  }
  const values = sequence.map((id) => slotValue.get(id));
  const times = new Map<string, number>();
  values.forEach((value, index) => {
    const id = sequence[index];
    if (id === undefined || times.has(id)) return;
    const time = value ?? interpolate(values, index);
    if (time !== undefined) times.set(id, time);
  });
  return times;
}

function interpolate(values: readonly (number | undefined)[], index: number): number | undefined {
  let before = index - 1;
  while (before >= 0 && values[before] === undefined) before -= 1;
  let after = index + 1;
  while (after < values.length && values[after] === undefined) after += 1;
  const from = values[before];
  const to = values[after];
  if (from === undefined) return to;
  if (to === undefined) return from;
  return Math.round(from + ((to - from) * (index - before)) / (after - before));
}
