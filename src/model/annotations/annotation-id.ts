import { createHash } from 'node:crypto';
import type { Anchor, AnnotationType } from './annotation-schema.js';

/** What an annotation's id is derived from. */
export interface AnnotationIdentity {
  anchor: Anchor;
  type: AnnotationType;
  value: string;
  terms: readonly string[];
  author: string;
  language?: string | undefined;
  /**
   * Where the annotation sits in its source (e.g. `eaf:words/a12`), so that two equal
   * words in one sentence stay two annotations; absent for annotations made in heritage.
   */
  position?: string | undefined;
}

/**
 * Derives an annotation id from its content: the same annotation imported twice gets
 * the same id, which is what keeps re-imports free of duplicates. 128 bits of sha256
 * make accidental collisions impossible in practice.
 */
export function deriveAnnotationId(identity: AnnotationIdentity): string {
  const canonical = JSON.stringify([
    anchorKey(identity.anchor),
    identity.type,
    identity.value,
    [...identity.terms].sort(),
    identity.author,
    identity.language ?? null,
    identity.position ?? null,
  ]);
  return `an-${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

function anchorKey(anchor: Anchor): unknown[] {
  switch (anchor.kind) {
    case 'time':
      return [anchor.kind, anchor.asset, anchor.startMs, anchor.endMs];
    case 'region':
      return [
        anchor.kind,
        anchor.asset,
        anchor.page,
        anchor.x,
        anchor.y,
        anchor.width,
        anchor.height,
      ];
    case 'item':
      return [anchor.kind];
  }
}
