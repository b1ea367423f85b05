import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { isStaleEdit } from './annotation-changes';
import { useSaveVocabulary, useVocabulary } from './use-vocabulary';
import {
  LABEL_LANGUAGES,
  labelIn,
  labelTag,
  mainLabel,
  type TermProblem,
  termProblems,
  type VocabularyTerm,
  withTerm,
} from './vocabulary-terms';

const NEW = '';

/**
 * A small editor of the collection's vocabulary, for admins and the collection's
 * archivists (the API decides again): add a term, or change a term's labels and broader
 * term. The whole vocabulary is stored as its next version, naming the version read, so
 * that an edit made meanwhile by someone else is not undone.
 */
export function VocabularyEditor({ collection }: { collection: string }) {
  const me = useMe();
  const caller = me.data;
  const keeps =
    caller?.kind === 'account' &&
    caller.grants.some(
      (grant) =>
        grant.role === 'admin' || (grant.role === 'archivist' && grant.collection === collection),
    );
  if (!keeps) return null;
  return <Editor collection={collection} />;
}

type Outcome = { kind: 'saved' | 'stale' | 'failed'; detail?: string } | undefined;

function Editor({ collection }: { collection: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const vocabulary = useVocabulary(collection);
  const save = useSaveVocabulary(collection);
  const terms = vocabulary.data?.terms ?? [];
  const [editing, setEditing] = useState(NEW);
  const [termId, setTermId] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [broader, setBroader] = useState('');
  const [problems, setProblems] = useState<TermProblem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  const choose = (chosen: string, keepOutcome = false) => {
    setEditing(chosen);
    setProblems([]);
    if (!keepOutcome) setOutcome(undefined);
    const term = terms.find((candidate) => candidate.id === chosen);
    setTermId(term?.id ?? '');
    setBroader(term?.broader[0] ?? '');
    setLabels(
      Object.fromEntries(
        LABEL_LANGUAGES.map((language) => [language, term ? (labelIn(term, language) ?? '') : '']),
      ),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const existing = terms.find((candidate) => candidate.id === editing);
    // Labels in other languages than the three offered stay as they were.
    const kept = { ...(existing?.labels ?? {}) };
    for (const language of LABEL_LANGUAGES) {
      const tag = labelTag(kept, language) ?? language;
      const label = (labels[language] ?? '').trim().normalize('NFC');
      if (label === '') delete kept[tag];
      else kept[tag] = label;
    }
    const term: VocabularyTerm = {
      id: existing?.id ?? termId.trim(),
      labels: kept,
      broader: broader ? [broader, ...(existing?.broader.slice(1) ?? [])] : [],
    };
    const found = termProblems(terms, term, !existing);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await save(vocabulary.data ?? null, withTerm(terms, term));
      setOutcome({ kind: 'saved', detail: mainLabel(term, i18n.language) });
      if (!existing) choose(NEW, true);
    } catch (error) {
      setOutcome(
        isStaleEdit(error)
          ? { kind: 'stale' }
          : { kind: 'failed', detail: error instanceof Error ? error.message : String(error) },
      );
    } finally {
      setBusy(false);
    }
  };

  const problemText = (field: TermProblem[]) =>
    problems
      .filter((problem) => field.includes(problem))
      .map((problem) => t(`workspace.pages.vocabulary.problem.${problem}`))
      .join(' ');

  return (
    <details className="vocabulary-editor">
      <summary>{t('workspace.pages.vocabulary.heading')}</summary>
      <form onSubmit={submit} aria-label={t('workspace.pages.vocabulary.heading')}>
        <p className="muted small">
          {vocabulary.data
            ? t('workspace.pages.vocabulary.version', {
                version: vocabulary.data.version,
                count: terms.length,
              })
            : t('workspace.pages.vocabulary.empty')}
        </p>
        <label htmlFor={`${id}-term`}>{t('workspace.pages.vocabulary.which')}</label>
        <select id={`${id}-term`} value={editing} onChange={(event) => choose(event.target.value)}>
          <option value={NEW}>{t('workspace.pages.vocabulary.new')}</option>
          {terms.map((term) => (
            <option key={term.id} value={term.id}>
              {mainLabel(term, i18n.language)} ({term.id})
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-id`}>{t('workspace.pages.vocabulary.id')}</label>
        <input
          id={`${id}-id`}
          value={editing === NEW ? termId : editing}
          readOnly={editing !== NEW}
          aria-invalid={problems.includes('id') || problems.includes('idTaken')}
          aria-describedby={`${id}-id-hint`}
          onChange={(event) => setTermId(event.target.value)}
        />
        <p
          id={`${id}-id-hint`}
          className={problemText(['id', 'idTaken']) ? 'error small' : 'muted small'}
        >
          {problemText(['id', 'idTaken']) || t('workspace.pages.vocabulary.idHint')}
        </p>
        {LABEL_LANGUAGES.map((language) => (
          <div key={language}>
            <label htmlFor={`${id}-label-${language}`}>
              {t(`workspace.pages.vocabulary.label.${language}`)}
            </label>
            <input
              id={`${id}-label-${language}`}
              lang={language}
              value={labels[language] ?? ''}
              aria-invalid={problems.includes('label')}
              onChange={(event) => setLabels({ ...labels, [language]: event.target.value })}
            />
          </div>
        ))}
        {problems.includes('label') && <p className="error small">{problemText(['label'])}</p>}
        <label htmlFor={`${id}-broader`}>{t('workspace.pages.vocabulary.broader')}</label>
        <select
          id={`${id}-broader`}
          value={broader}
          aria-invalid={problems.includes('broader') || problems.includes('cycle')}
          onChange={(event) => setBroader(event.target.value)}
        >
          <option value="">{t('workspace.pages.vocabulary.top')}</option>
          {terms
            .filter((term) => term.id !== editing)
            .map((term) => (
              <option key={term.id} value={term.id}>
                {mainLabel(term, i18n.language)}
              </option>
            ))}
        </select>
        {(problems.includes('broader') || problems.includes('cycle')) && (
          <p className="error small">{problemText(['broader', 'cycle'])}</p>
        )}
        <p>
          <button type="submit" disabled={busy}>
            {editing === NEW
              ? t('workspace.pages.vocabulary.add')
              : t('workspace.pages.vocabulary.change')}
          </button>
        </p>
        <p role="status" className={outcome?.kind === 'saved' ? 'muted' : 'error'}>
          {outcome?.kind === 'saved' &&
            t('workspace.pages.vocabulary.saved', { term: outcome.detail })}
          {outcome?.kind === 'stale' && t('workspace.pages.vocabulary.stale')}
          {outcome?.kind === 'failed' &&
            t('workspace.pages.vocabulary.failed', { detail: outcome.detail })}
        </p>
      </form>
    </details>
  );
}
