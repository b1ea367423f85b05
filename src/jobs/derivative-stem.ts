import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * What each original's derivatives are named after, by path: its file name without
 * the extension (`originals/then-001.wav` -> `then-001`), unless another original of the same kind in
 * the same folder could be named alike (`song.wav` beside `song.mp3`, or `lượn.wav`
 * beside `lươn.wav`, which the audio step's file-safe names both make `l_n`). Then the
 * stem also gets the start of its file name's sha256 (`song.wav` -> `song.6b97efac`),
 * so that the two originals' derivatives never take each other's paths: one would
 * otherwise replace the other's, or the item's next version would fail to commit.
 */
export function derivativeStems(originalsOfKind: readonly string[]): Map<string, string> {
  // One key each and one count: an item of many originals costs one pass, not pairs.
  const keys = originalsOfKind.map(
    (original) => `${path.posix.dirname(original)}/${lettersAndDigits(stemOf(original))}`,
  );
  const alike = new Map<string, number>();
  for (const key of keys) alike.set(key, (alike.get(key) ?? 0) + 1);
  return new Map(
    originalsOfKind.map((original, index) => [
      original,
      (alike.get(keys[index] as string) ?? 0) > 1 ? withDigest(original) : stemOf(original),
    ]),
  );
}

function withDigest(original: string): string {
  const digest = createHash('sha256').update(path.posix.basename(original)).digest('hex');
  return `${stemOf(original)}.${digest.slice(0, 8)}`;
}

function stemOf(original: string): string {
  return path.posix.basename(original).replace(/(.)\.[^.]*$/, '$1');
}

/** What is left of a name once every step's file-safe rewriting has had its way. */
function lettersAndDigits(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '');
}
