import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TierName, tierKey } from './tier-grouping';
import { useTierLabel } from './tier-rows';

/** Kinds a tier of a recording may hold, as the archive keeps them. */
const kinds = ['transcription', 'translation', 'gloss', 'ritual', 'symbol', 'note'] as const;

/** A BCP-47 tag as people type them: `vie`, `tyz-Latn`, `en-GB`. */
const languageTag = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

/** Adds an empty tier (a kind and a language) that new annotations can be written in. */
export function TierAddForm({
  existing,
  languages,
  onAdd,
}: {
  existing: string[];
  languages: string[];
  onAdd(name: TierName): void;
}) {
  const { t } = useTranslation();
  const label = useTierLabel();
  const id = useId();
  const [type, setType] = useState<string>('translation');
  const [language, setLanguage] = useState('');
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tag = language.trim();
    if (tag && !languageTag.test(tag))
      return setProblem(t('workspace.recording.addTier.badLanguage'));
    const name: TierName = tag ? { type, language: tag } : { type };
    if (existing.includes(tierKey(name)))
      return setProblem(t('workspace.recording.addTier.exists'));
    setProblem(undefined);
    setLanguage('');
    onAdd(name);
  };

  return (
    <form className="tier-add" onSubmit={submit}>
      <fieldset>
        <legend>{t('workspace.recording.addTier.legend')}</legend>
        <label htmlFor={`${id}-type`}>{t('workspace.recording.addTier.type')}</label>
        <select id={`${id}-type`} value={type} onChange={(event) => setType(event.target.value)}>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {label({ type: kind })}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-language`}>{t('workspace.recording.addTier.language')}</label>
        <input
          id={`${id}-language`}
          list={`${id}-languages`}
          value={language}
          onChange={(event) => setLanguage(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <datalist id={`${id}-languages`}>
          {languages.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <button type="submit">{t('workspace.recording.addTier.submit')}</button>
        {problem && (
          <p id={`${id}-problem`} className="form-error" role="alert">
            {problem}
          </p>
        )}
      </fieldset>
    </form>
  );
}
