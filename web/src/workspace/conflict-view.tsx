import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../text/format';
import { fetchAnnotationHistory, newestOf } from './history-query';
import type { EditFields } from './inspector-fields';

/**
 * Shown when a save answered 409: someone else saved a newer version since this one was
 * read. Both texts side by side, with who wrote theirs and when; the person keeps
 * theirs, the other's, or a merge. Their own text stays in the draft until one is saved.
 */
export function ConflictView({
  itemId,
  baseId,
  round,
  mine,
  onMineChange,
  saveAgainst,
  onKeepTheirs,
  saving,
}: {
  itemId: string;
  baseId: string;
  /** Counts the 409s: each reads the chain afresh, never from what was cached before it. */
  round: number;
  mine: EditFields;
  onMineChange: (mine: EditFields) => void;
  saveAgainst: (targetId: string, mine: EditFields) => Promise<void>;
  onKeepTheirs: (theirsId: string) => void;
  saving: boolean;
}) {
  const { t, i18n } = useTranslation();
  const key = 'workspace.annotations.conflict';
  const history = useQuery({
    queryKey: ['annotation-conflict', itemId, baseId, round],
    queryFn: ({ signal }) => fetchAnnotationHistory(itemId, baseId, signal),
    gcTime: 0,
    retry: false,
  });
  const [merging, setMerging] = useState(false);
  const mergeId = useId();
  const theirs = history.data ? newestOf(history.data) : undefined;
  return (
    <section className="conflict" aria-labelledby={`${mergeId}-heading`}>
      <h4 id={`${mergeId}-heading`} role="alert">
        {t(`${key}.heading`)}
      </h4>
      <p>{t(`${key}.explain`)}</p>
      {history.isError ? (
        <p>
          {t('workspace.annotations.history.failed', {
            detail: history.error instanceof Error ? history.error.message : String(history.error),
          })}
        </p>
      ) : !theirs ? (
        <p>{t(`${key}.loading`)}</p>
      ) : (
        <>
          <div className="conflict-sides">
            <figure className="conflict-side" data-testid="conflict-yours">
              <figcaption>
                <strong>{t(`${key}.yours`)}</strong> — {t(`${key}.yoursBy`)}
              </figcaption>
              <blockquote>{mine.value}</blockquote>
            </figure>
            <figure className="conflict-side" data-testid="conflict-theirs">
              <figcaption>
                <strong>{t(`${key}.theirs`)}</strong> —{' '}
                {t(`${key}.theirsBy`, {
                  author: theirs.author ?? '?',
                  date: theirs.created ? dateTime(theirs.created, i18n.language) : '?',
                })}
              </figcaption>
              <blockquote>{theirs.value}</blockquote>
            </figure>
          </div>
          {merging ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void saveAgainst(theirs.id, mine);
              }}
            >
              <label htmlFor={mergeId}>{t(`${key}.mergeLabel`)}</label>
              <textarea
                id={mergeId}
                rows={5}
                value={mine.value}
                onChange={(event) => onMineChange({ ...mine, value: event.target.value })}
              />
              <p>
                <button type="submit" disabled={saving}>
                  {t(`${key}.saveMerge`)}
                </button>
              </p>
            </form>
          ) : (
            <p className="conflict-actions">
              <button
                type="button"
                disabled={saving}
                onClick={() => void saveAgainst(theirs.id, mine)}
              >
                {t(`${key}.keepMine`)}
              </button>
              <button type="button" disabled={saving} onClick={() => onKeepTheirs(theirs.id)}>
                {t(`${key}.keepTheirs`)}
              </button>
              <button
                type="button"
                disabled={saving}
                onClick={() => {
                  // Both texts to start from: theirs, then what this person wrote.
                  onMineChange({ ...mine, value: `${theirs.value}\n${mine.value}` });
                  setMerging(true);
                }}
              >
                {t(`${key}.merge`)}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
