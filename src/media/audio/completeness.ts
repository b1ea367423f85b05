/** How much shorter than declared a decoded track may be before it counts as truncated. */
const toleranceSeconds = 0.5;
const toleranceShare = 0.01;

/**
 * Why a track is truncated, or null when it is whole: it decoded markedly shorter than
 * its header declared (a cut-off FLAC, a half-copied MP4 with its index at the front).
 */
export function truncationReason(
  declaredSeconds: number | null,
  decodedSeconds: number | null,
): string | null {
  if (declaredSeconds === null || decodedSeconds === null) return null;
  const missing = declaredSeconds - decodedSeconds;
  if (missing <= Math.max(toleranceSeconds, declaredSeconds * toleranceShare)) return null;
  return `truncated or damaged: the header declares ${declaredSeconds.toFixed(2)} s but only ${decodedSeconds.toFixed(2)} s decode`;
}
