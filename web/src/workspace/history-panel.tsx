import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../text/format';
import { isStaleEdit, saveChanges } from './annotation-changes';
import { diffWords } from './history-word-diff';
import { type AnnotationVersion, fieldsOf, supersedeFields } from './inspector-fields';

/**
 * Every version of the chosen annotation, newest first: who wrote it, when, and what its
 * text changed (words removed and added). Restoring an earlier version saves its content
 * as a new version over the newest one, so the history only ever grows.
 */
export function HistoryPanel({
  itemId,
  versions,
  error,
  newest,
  onRestored,
}: {
  itemId: string;
  versions: AnnotationVersion[] | undefined;
  error: unknown;
  newest: AnnotationVersion | undefined;
  onRestored: (newId: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const key = 'workspace.annotations.history';
  // The item page has a history heading of its own: ids must not clash.
  const headingId = useId();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function restore(version: AnnotationVersion, number: number) {
    if (!newest) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await saveChanges(itemId, [
        { op: 'supersede', id: newest.id, ...supersedeFields(fieldsOf(version)) },
      ]);
      setMessage(t(`${key}.restored`, { number }));
      await onRestored(result.saved[0]?.id ?? newest.id);
    } catch (failure) {
      // A newer version came meanwhile: the history is read again before another try.
      if (isStaleEdit(failure)) await onRestored(newest.id);
      setMessage(
        t(`${key}.failed`, {
          detail: failure instanceof Error ? failure.message : String(failure),
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="history" aria-labelledby={headingId}>
      <h4 id={headingId}>{t(`${key}.heading`)}</h4>
      {error ? (
        <p role="alert">
          {t(`${key}.failed`, { detail: error instanceof Error ? error.message : String(error) })}
        </p>
      ) : !versions ? (
        <p>{t(`${key}.loading`)}</p>
      ) : (
        <ol className="history-versions" reversed>
          {versions
            .map((version, index) => ({
              version,
              number: index + 1,
              previous: versions[index - 1],
            }))
            .reverse()
            .map(({ version, number, previous }) => (
              <li key={version.id} className="history-version" data-version={version.id}>
                <p className="history-who">
                  <strong>{t(`${key}.version`, { number })}</strong>
                  {version === newest && ` (${t(`${key}.current`)})`}{' '}
                  {version.author && t(`${key}.by`, { author: version.author })}{' '}
                  {version.created &&
                    t(`${key}.at`, { date: dateTime(version.created, i18n.language) })}
                </p>
                {version.retired ? (
                  <p>{t(`${key}.retired`)}</p>
                ) : previous ? (
                  <VersionChange before={previous.value} after={version.value} />
                ) : (
                  <p>
                    {t(`${key}.first`)}: <q>{version.value}</q>
                  </p>
                )}
                {version !== newest && !version.retired && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void restore(version, number)}
                  >
                    {t(`${key}.restore`, { number })}
                  </button>
                )}
              </li>
            ))}
        </ol>
      )}
      <p role="status">{message}</p>
    </section>
  );
}

function VersionChange({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const key = 'workspace.annotations.history';
  if (before === after) return <p>{t(`${key}.noTextChange`)}</p>;
  return (
    <p className="history-diff">
      <span className="visually-hidden">{t(`${key}.changes`)}: </span>
      {diffWords(before, after).map((part, index) =>
        part.kind === 'same' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
          <span key={index}>{part.text}</span>
        ) : part.kind === 'removed' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
          <del key={index}>
            <span className="visually-hidden">[{t(`${key}.removed`)}] </span>
            {part.text}
          </del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
          <ins key={index}>
            <span className="visually-hidden">[{t(`${key}.added`)}] </span>
            {part.text}
          </ins>
        ),
      )}
    </p>
  );
}
