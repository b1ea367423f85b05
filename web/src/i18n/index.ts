import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { vi } from './vi';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

/** The language chosen with the switch in this browser, which wins over the account's. */
const CHOSEN = 'heritage.language';

export function isLanguage(value: unknown): value is Language {
  return languages.includes(value as Language);
}

/** The browser's language if it is one of ours, else Vietnamese. */
function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'vi';
}

export function chosenLanguage(): Language | undefined {
  const value = localStorage.getItem(CHOSEN);
  return isLanguage(value) ? value : undefined;
}

/** What the switch sets: remembered in this browser. */
export function chooseLanguage(language: Language): void {
  localStorage.setItem(CHOSEN, language);
  void i18next.changeLanguage(language);
}

/** The account's language, unless someone chose one with the switch in this browser. */
export function followAccountLanguage(language: Language | undefined): void {
  const wanted = chosenLanguage() ?? language ?? browserLanguage();
  if (i18next.language !== wanted) void i18next.changeLanguage(wanted);
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, vi: { translation: vi } },
  lng: chosenLanguage() ?? browserLanguage(),
  fallbackLng: 'en',
  supportedLngs: languages,
  // The texts are in the bundle: ready at once, so no page waits (suspends) for them.
  initAsync: false,
  react: { useSuspense: false },
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
