/*
 * What changed between two versions of an annotation's text, word by word: enough for a
 * person to see an edit at a glance. Longest common subsequence over words (spaces kept
 * as their own pieces), after setting aside the shared start and end; beyond a size the
 * middle is shown as removed then added rather than spending seconds on it.
 */

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Above this many cells of the comparison table, the changed middle is not aligned. */
const maxCells = 4_000_000;

const piecesOf = (text: string): string[] => text.split(/(\s+)/).filter((piece) => piece !== '');

export function diffWords(before: string, after: string): DiffPart[] {
  const a = piecesOf(before);
  const b = piecesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else if (text !== '') parts.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if (middleA.length * middleB.length > maxCells) {
    push('removed', middleA.join(''));
    push('added', middleB.join(''));
  } else {
    for (const part of alignedMiddle(middleA, middleB)) push(part.kind, part.text);
  }
  push('same', a.slice(endA).join(''));
  return parts;
}

function alignedMiddle(a: string[], b: string[]): DiffPart[] {
  const columns = b.length + 1;
  // lengths[i * columns + j]: the longest common run of a[i..] and b[j..].
  const lengths = new Uint32Array((a.length + 1) * columns);
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lengths[i * columns + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * columns + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * columns + j] ?? 0, lengths[i * columns + j + 1] ?? 0);
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: 'same', text: a[i] as string });
      i += 1;
      j += 1;
    } else if ((lengths[(i + 1) * columns + j] ?? 0) >= (lengths[i * columns + j + 1] ?? 0)) {
      parts.push({ kind: 'removed', text: a[i] as string });
      i += 1;
    } else {
      parts.push({ kind: 'added', text: b[j] as string });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) parts.push({ kind: 'removed', text: a[i] as string });
  for (; j < b.length; j += 1) parts.push({ kind: 'added', text: b[j] as string });
  return parts;
}
