import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Caller } from '../api/types';

/** What a page for staff shows someone it is not for: why, and the way in if they are not signed in. */
export function Refused({ who, reason }: { who: Caller | undefined; reason: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <div className="notice" role="alert">
      <p>{reason}</p>
      {who?.kind !== 'account' && (
        <p>
          <Link to="/sign-in" state={{ from: location }}>
            {t('account.signIn')}
          </Link>
        </p>
      )}
    </div>
  );
}
