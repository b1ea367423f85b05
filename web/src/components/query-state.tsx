import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** What a page shows while its answer is on the way. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** What a page shows when the API could not answer, with a way to ask again. */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  const detail = error instanceof ApiError ? error.message : String(error);
  return (
    <div className="error" role="alert">
      <p>{t('common.error', { detail })}</p>
      <button type="button" onClick={retry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
