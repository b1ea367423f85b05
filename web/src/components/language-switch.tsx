import { useTranslation } from 'react-i18next';
import { chooseLanguage, languages } from '../i18n';

/** Two buttons, each named in its own language, so a reader finds theirs whatever is shown. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('language.label')}</legend>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => chooseLanguage(language)}
        >
          {t(`language.${language}`, { lng: language })}
        </button>
      ))}
    </fieldset>
  );
}
