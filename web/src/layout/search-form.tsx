import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

/** The search box of every page: it opens the search page for the words. */
export function SearchForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [parameters] = useSearchParams();
  const asked = parameters.get('q') ?? '';
  const [words, setWords] = useState(asked);
  // The box shows the words of the search on screen, also after Back or a link.
  useEffect(() => setWords(asked), [asked]);
  const input = useId();
  return (
    <search aria-label={t('search.label')}>
      <form
        className="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (words.trim() !== '') navigate(`/search?q=${encodeURIComponent(words.trim())}`);
        }}
      >
        <label htmlFor={input}>{t('search.label')}</label>
        <input
          id={input}
          type="search"
          name="q"
          value={words}
          maxLength={200}
          onChange={(event) => setWords(event.target.value)}
        />
        <button type="submit">{t('search.submit')}</button>
      </form>
    </search>
  );
}
