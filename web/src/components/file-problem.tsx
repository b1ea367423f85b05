import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** Why a file could not be shown: refused (403), missing (404), or another failure's words. */
export type Problem = 'forbidden' | 'missing' | string;

export function problemOfError(error: unknown): Problem {
  if (error instanceof ApiError && error.status === 403) return 'forbidden';
  if (error instanceof ApiError && error.status === 404) return 'missing';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Asks the API again, without the body, why a file the browser fetched by itself (an
 * `<audio>` source, an image) failed: media elements and images do not tell the status.
 */
export async function fileProblemOf(url: string): Promise<Problem> {
  try {
    const answer = await fetch(url, { method: 'HEAD', credentials: 'same-origin' });
    if (answer.status === 403) return 'forbidden';
    if (answer.status === 404) return 'missing';
    return `HTTP ${answer.status}`;
  } catch (error) {
    return String(error);
  }
}

/** The problem in words: a refusal says plainly that the policy keeps the file back. */
export function FileProblem({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const text =
    problem === 'forbidden'
      ? t('player.forbidden')
      : problem === 'missing'
        ? t('player.missing')
        : t('player.mediaError', { detail: problem });
  return (
    <p className={problem === 'missing' ? 'muted' : 'error'} role="alert">
      {text}
    </p>
  );
}
