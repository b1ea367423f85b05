import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMe, useSignOut } from '../api/queries';

/** Who you are and in which communities, or that you see only what is open; and the way in or out. */
export function AccountArea() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const who = me.data;
  if (!who) return null;
  if (who.kind === 'public')
    return (
      <section className="account" aria-label={t('account.region')}>
        <p className="account-who">{t('account.public')}</p>
        {location.pathname !== '/sign-in' && (
          <Link className="button" to="/sign-in" state={{ from: location }}>
            {t('account.signIn')}
          </Link>
        )}
      </section>
    );
  return (
    <section className="account" aria-label={t('account.region')}>
      <p className="account-who">
        <strong>{t('account.signedInAs', { name: who.name })}</strong>
        <br />
        {who.communities.length > 0
          ? t('account.communities', { list: who.communities.join(', ') })
          : t('account.noCommunity')}
      </p>
      <button
        type="button"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/') })}
      >
        {signOut.isPending ? t('account.signingOut') : t('account.signOut')}
      </button>
    </section>
  );
}
