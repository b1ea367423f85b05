import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVocabulary } from './use-vocabulary';
import {
  broaderPath,
  mainLabel,
  narrowerTerms,
  orderedLabels,
  searchTerms,
  type VocabularyTerm,
} from './vocabulary-terms';

/** At most this many suggestions at once: typing narrows them. */
const SHOWN = 30;

/**
 * Terms of a collection's vocabulary to choose, several at once: type part of a label in
 * Tày, Vietnamese or English (diacritics optional), pick with the arrow keys and Enter or
 * the mouse. Each suggestion shows its labels, the reader's language first, and where it
 * sits in the vocabulary (its broader terms above, its narrower ones below). The ARIA
 * combobox pattern with a listbox popup; chosen terms are listed with a remove button.
 */
export function TermPicker({
  collection,
  value,
  onChange,
  label,
}: {
  collection: string;
  value: string[];
  onChange: (terms: string[]) => void;
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const reader = i18n.language;
  const id = useId();
  const listId = `${id}-list`;
  const vocabulary = useVocabulary(collection);
  const terms = vocabulary.data?.terms ?? [];
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const found = useMemo(
    () => searchTerms(terms, text, reader).slice(0, SHOWN),
    [terms, text, reader],
  );
  const byId = useMemo(() => new Map(terms.map((term) => [term.id, term])), [terms]);
  const current = found[Math.min(active, found.length - 1)];
  const optionId = (term: VocabularyTerm) => `${id}-option-${term.id}`;

  const toggle = (term: VocabularyTerm) => {
    onChange(
      value.includes(term.id) ? value.filter((chosen) => chosen !== term.id) : [...value, term.id],
    );
    setText('');
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((at) => (found.length === 0 ? 0 : (at + step + found.length) % found.length));
    } else if (event.key === 'Enter' && open) {
      // Even with no match: Enter in the open list must not send the form around it.
      event.preventDefault();
      if (current) toggle(current);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  const pathOf = (term: VocabularyTerm) =>
    broaderPath(terms, term.id)
      .map((above) => mainLabel(above, reader))
      .join(' › ');

  return (
    <div className="term-picker">
      <label htmlFor={id}>{label}</label>
      {value.length > 0 && (
        <ul className="chosen-terms" aria-label={t('workspace.pages.terms.chosen')}>
          {value.map((termId) => {
            const term = byId.get(termId);
            const name = term ? mainLabel(term, reader) : termId;
            return (
              <li key={termId}>
                <span lang={term ? orderedLabels(term, reader)[0]?.language : undefined}>
                  {name}
                </span>
                {term && pathOf(term) && <span className="muted small"> ({pathOf(term)})</span>}
                <button
                  type="button"
                  className="link-button"
                  aria-label={t('workspace.pages.terms.remove', { term: name })}
                  onClick={() => onChange(value.filter((chosen) => chosen !== termId))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && current ? optionId(current) : undefined}
        aria-describedby={`${id}-hint`}
        value={text}
        placeholder={t('workspace.pages.terms.placeholder')}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="muted small">
        {vocabulary.data === null
          ? t('workspace.pages.terms.none')
          : t('workspace.pages.terms.hint')}
      </p>
      <div
        id={listId}
        role="listbox"
        aria-label={label}
        aria-multiselectable="true"
        className="term-options"
        hidden={!open}
      >
        {found.map((term, at) => {
          const labels = orderedLabels(term, reader);
          const [first, ...rest] = labels;
          const path = pathOf(term);
          const below = narrowerTerms(terms, term.id);
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox input's (aria-activedescendant)
            <div
              key={term.id}
              id={optionId(term)}
              role="option"
              tabIndex={-1}
              aria-selected={value.includes(term.id)}
              className={at === active ? 'active' : undefined}
              // Keeps the focus in the input, so that the list stays open.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => toggle(term)}
              onMouseMove={() => setActive(at)}
            >
              {path && <span className="term-path">{path} › </span>}
              <strong lang={first?.language}>{first?.label ?? term.id}</strong>
              {rest.map((other) => (
                <span key={other.language} className="muted small" lang={other.language}>
                  {' · '}
                  {other.label}
                </span>
              ))}
              {below.length > 0 && (
                <span className="term-narrower small">
                  {' '}
                  {t('workspace.pages.terms.narrower', {
                    terms: below.map((term) => mainLabel(term, reader)).join(', '),
                  })}
                </span>
              )}
            </div>
          );
        })}
        {found.length === 0 && (
          <div
            role="option"
            tabIndex={-1}
            aria-selected={false}
            aria-disabled="true"
            className="muted"
          >
            {t('workspace.pages.terms.noMatch')}
          </div>
        )}
      </div>
    </div>
  );
}
