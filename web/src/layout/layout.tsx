import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useMe } from '../api/queries';
import { isAdmin, mayDeposit, mayRunJobs } from '../api/roles';
import { LanguageSwitch } from '../components/language-switch';
import { followAccountLanguage, isLanguage } from '../i18n';
import { AccountArea } from './account-area';
import { SearchForm } from './search-form';

/** Every page's frame: a skip link, the header (name, navigation, search, account, language), the page, a footer. */
export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const accountLanguage = me.data?.kind === 'account' ? me.data.language : undefined;
  useEffect(() => {
    if (me.data) followAccountLanguage(isLanguage(accountLanguage) ? accountLanguage : undefined);
  }, [me.data, accountLanguage]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="site-header-top">
          <p className="site-name">
            <NavLink to="/">{t('app.name')}</NavLink>
            <span className="site-tagline">{t('app.tagline')}</span>
          </p>
          <LanguageSwitch />
        </div>
        <div className="site-header-bottom">
          {/* Links to staff pages appear only for those who may use them (the API refuses everyone else). */}
          <nav aria-label={t('nav.main')}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('nav.items')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/collections">{t('nav.collections')}</NavLink>
              </li>
              <li>
                <NavLink to="/search">{t('nav.search')}</NavLink>
              </li>
              {mayDeposit(me.data) && (
                <li>
                  <NavLink to="/deposits">{t('deposit.nav')}</NavLink>
                </li>
              )}
              {mayRunJobs(me.data) && (
                <li>
                  <NavLink to="/jobs">{t('jobs.nav')}</NavLink>
                </li>
              )}
              {isAdmin(me.data) && (
                <li>
                  <NavLink to="/exports">{t('exports.nav')}</NavLink>
                </li>
              )}
              {isAdmin(me.data) && (
                <li>
                  <NavLink to="/admin">{t('admin.nav')}</NavLink>
                </li>
              )}
            </ul>
          </nav>
          <SearchForm />
          <AccountArea />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
