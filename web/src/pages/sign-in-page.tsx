import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Location, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useSignIn } from '../api/queries';
import { PageHeading } from '../components/page-heading';

/** `/sign-in`: account and password; back to the page that sent you here. */
export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const ids = { user: useId(), password: useId(), error: useId() };
  const from = (location.state as { from?: Location } | null)?.from;

  const error = signIn.error;
  const message =
    error instanceof ApiError && error.status === 401
      ? t('signIn.refused')
      : error instanceof ApiError && error.status === 429
        ? t('signIn.tooMany')
        : error
          ? t('signIn.failed', { detail: error.message })
          : undefined;

  return (
    <div className="narrow">
      <PageHeading title={t('signIn.title')}>{t('signIn.title')}</PageHeading>
      <p>{t('signIn.intro')}</p>
      <form
        className="stacked-form"
        aria-describedby={message ? ids.error : undefined}
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate(
            { user: user.trim(), password },
            {
              onSuccess: () =>
                navigate(from ? `${from.pathname}${from.search}` : '/', { replace: true }),
            },
          );
        }}
      >
        <label htmlFor={ids.user}>{t('signIn.user')}</label>
        <input
          id={ids.user}
          name="user"
          autoComplete="username"
          required
          value={user}
          onChange={(event) => setUser(event.target.value)}
        />
        <label htmlFor={ids.password}>{t('signIn.password')}</label>
        <input
          id={ids.password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {message && (
          <p id={ids.error} className="error" role="alert">
            {message}
          </p>
        )}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
