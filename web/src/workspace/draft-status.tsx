import { useTranslation } from 'react-i18next';
import type { DraftHandle } from './use-draft';

/** Says that a draft was brought back, or that it is not saved yet and will be tried again. */
export function DraftStatus({
  draft,
  onRetry,
  saving,
}: {
  draft: DraftHandle;
  onRetry: () => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const key = 'workspace.annotations.draft';
  return (
    <>
      {draft.unsaved && (
        <div className="draft-unsaved" role="alert">
          <p>{t(`${key}.unsaved`)}</p>
          <button type="button" onClick={onRetry} disabled={saving}>
            {t(`${key}.retry`)}
          </button>
        </div>
      )}
      {draft.restored && !draft.unsaved && (
        <div className="draft-restored" role="status">
          <p>{t(`${key}.restored`)}</p>
          <button type="button" onClick={draft.dismissRestored}>
            {t(`${key}.dismiss`)}
          </button>
        </div>
      )}
    </>
  );
}
