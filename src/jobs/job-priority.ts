/**
 * BullMQ's last priority: lower numbers are taken first, and a job with none (0) before
 * every job with one.
 */
export const LAST_PRIORITY = 2_097_151;

/**
 * Longest recordings first. A queue runs a few jobs at once (one per core for audio): a
 * long recording taken last runs alone at the end while the other cores wait, so the
 * longest of those waiting is taken first. Priorities only order the jobs that wait
 * together; one whose duration is not known goes after the others.
 */
export function longestFirst(technical: Readonly<Record<string, unknown>> | undefined): number {
  const seconds = technical?.durationSeconds;
  if (typeof seconds !== 'number' || !(seconds > 0)) return LAST_PRIORITY;
  return Math.max(1, LAST_PRIORITY - Math.ceil(seconds));
}
