import type { Annotation } from './annotation-schema.js';

/** Annotations by id and by the id they supersede, for following edit histories quickly. */
export class AnnotationIndex {
  private readonly byId = new Map<string, Annotation>();
  private readonly successorOf = new Map<string, Annotation>();

  constructor(annotations: Iterable<Annotation> = []) {
    for (const annotation of annotations) this.add(annotation);
  }

  add(annotation: Annotation): void {
    this.byId.set(annotation.id, annotation);
    if (annotation.supersedes !== undefined)
      this.successorOf.set(annotation.supersedes, annotation);
  }

  get(id: string): Annotation | undefined {
    return this.byId.get(id);
  }

  /** Every version of the annotation with this id, oldest first (empty when the id is unknown). */
  history(id: string): Annotation[] {
    const start = this.byId.get(id);
    if (!start) return [];
    // The seen set guards against a cycle in hand-edited data.
    const seen = new Set<string>([start.id]);
    let oldest = start;
    for (
      let previous = this.byId.get(oldest.supersedes ?? '');
      previous && !seen.has(previous.id);
    ) {
      seen.add(previous.id);
      oldest = previous;
      previous = this.byId.get(oldest.supersedes ?? '');
    }
    const chain = [oldest];
    const inChain = new Set([oldest.id]);
    for (
      let next = this.successorOf.get(oldest.id);
      next && !inChain.has(next.id);
      next = this.successorOf.get(next.id)
    ) {
      chain.push(next);
      inChain.add(next.id);
    }
    return chain;
  }
}
