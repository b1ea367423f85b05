import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { annotationTypes, type Item } from '../api/types';
import { dateTime } from '../text/format';
import { isStaleEdit, saveChanges } from './annotation-changes';
import { ConflictView } from './conflict-view';
import { DraftStatus } from './draft-status';
import { HistoryPanel } from './history-panel';
import { itemHistoriesKey, newestOf, useAnnotationHistory } from './history-query';
import { AnchorInWords } from './inspector-anchor';
import {
  decodeFields,
  type EditFields,
  editDraftKey,
  encodeFields,
  fieldsOf,
  supersedeFields,
  type WorkspaceAnnotation,
} from './inspector-fields';
import { TermPicker } from './term-picker';
import { isNetworkFailure, useDraft, useRetryWhenOnline } from './use-draft';
import { useAnnotationsChanged } from './use-workspace-annotations';
import { useFollowReplacement, useWorkspaceSelection } from './workspace-selection';

type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; changed: boolean }
  | { kind: 'failed'; detail: string };

/** The chosen annotation: what it is, where, who wrote it; its editor, history and conflicts. */
export function InspectorPanel({
  item,
  annotations,
}: {
  item: Item;
  annotations: readonly WorkspaceAnnotation[];
}) {
  const { t } = useTranslation();
  const { selected } = useWorkspaceSelection();
  // Kept here, not in the keyed inspector: a save chooses the new version, which opens anew.
  const [saved, setSaved] = useState<{ id: string; changed: boolean; typedSince?: string }>();
  const onSaved = useCallback(
    (id: string, changed: boolean, typedSince?: string) => setSaved({ id, changed, typedSince }),
    [],
  );
  const onCarried = useCallback(
    () => setSaved((current) => current && { ...current, typedSince: undefined }),
    [],
  );
  const key = 'workspace.annotations.inspector';
  return (
    <section className="inspector" aria-labelledby="inspector-heading">
      <h3 id="inspector-heading">{t(`${key}.heading`)}</h3>
      {selected === undefined ? (
        <p>{t(`${key}.nothing`)}</p>
      ) : (
        <Inspector
          key={selected}
          item={item}
          annotationId={selected}
          annotations={annotations}
          saved={saved?.id === selected ? saved.changed : undefined}
          carried={saved?.id === selected ? saved.typedSince : undefined}
          onSaved={onSaved}
          onCarried={onCarried}
        />
      )}
    </section>
  );
}

function Inspector({
  item,
  annotationId,
  annotations,
  saved,
  carried,
  onSaved,
  onCarried,
}: {
  item: Item;
  annotationId: string;
  annotations: readonly WorkspaceAnnotation[];
  /** Whether the save that made this version changed anything; undefined when it was not saved here. */
  saved: boolean | undefined;
  /** Text typed into the version before this one while its save was on its way. */
  carried: string | undefined;
  /** `typedSince`: text typed during the save, newer than what was saved. */
  onSaved: (id: string, changed: boolean, typedSince?: string) => void;
  /** Called once `carried` is this version's draft, so that it is taken once only. */
  onCarried: () => void;
}) {
  const { t, i18n } = useTranslation();
  const key = 'workspace.annotations.inspector';
  const follow = useFollowReplacement();
  const client = useQueryClient();
  const annotationsChanged = useAnnotationsChanged(item.id);
  const history = useAnnotationHistory(item.id, annotationId);
  const current = annotations.find((annotation) => annotation.id === annotationId);
  const version = history.data?.find((candidate) => candidate.id === annotationId);
  const base = current ?? version;
  const stale = current === undefined && version !== undefined;
  const baseFields = useMemo(
    () =>
      base
        ? fieldsOf({ ...base, language: version?.language ?? current?.language })
        : { type: 'note', value: '', language: '', terms: [] },
    [base, version?.language, current?.language],
  );
  const initial = useMemo(() => encodeFields(baseFields), [baseFields]);
  const draft = useDraft(item.id, editDraftKey(annotationId), initial);
  const fields = decodeFields(draft.text, baseFields);
  const edit = (change: Partial<EditFields>) =>
    draft.setText(encodeFields({ ...fields, ...change }));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [conflict, setConflict] = useState(0);
  const ids = { type: useId(), language: useId(), value: useId() };

  /** Supersedes `targetId` with `mine`; the draft goes only once the archive holds it. */
  const saveAgainst = useCallback(
    async (targetId: string, mine: EditFields) => {
      if (!mine.value.trim()) {
        setStatus({ kind: 'failed', detail: t(`${key}.empty`) });
        return;
      }
      setStatus({ kind: 'saving' });
      const sent = draft.text;
      try {
        const result = await saveChanges(item.id, [
          { op: 'supersede', id: targetId, ...supersedeFields(mine) },
        ]);
        // The archive holds what was sent; text typed since stays a draft.
        draft.clearIfStill(sent);
        setConflict(0);
        await annotationsChanged();
        setStatus({ kind: 'saved', changed: result.changed });
        const savedId = result.saved[0]?.id ?? annotationId;
        // Text typed while the save was on its way is newer than what was saved: it
        // goes on as a draft of the new version once the inspector moves there.
        const latest = draft.latest();
        const typedSince = latest === sent ? undefined : latest;
        if (savedId === annotationId) onSaved(savedId, result.changed);
        else {
          draft.clear();
          onSaved(savedId, result.changed, typedSince);
          // Only if this version is still chosen: a choice made meanwhile stays.
          follow(annotationId, savedId);
        }
      } catch (error) {
        if (isStaleEdit(error)) {
          setStatus({ kind: 'idle' });
          setConflict((round) => round + 1);
          void client.invalidateQueries({ queryKey: itemHistoriesKey(item.id) });
        } else if (isNetworkFailure(error)) {
          draft.markUnsaved();
          setStatus({ kind: 'idle' });
        } else {
          setStatus({
            kind: 'failed',
            detail: error instanceof Error ? error.message : String(error),
          });
        }
      }
    },
    [item.id, annotationId, draft, annotationsChanged, client, follow, onSaved, t],
  );

  const { setText } = draft;
  useEffect(() => {
    if (carried === undefined) return;
    setText(carried);
    onCarried();
  }, [carried, setText, onCarried]);

  const save = () => void saveAgainst(annotationId, fields);
  // Text kept for a version someone else has replaced since (typed before a reload, or
  // handed over from the waveform or a page): both are shown at once to choose from.
  useEffect(() => {
    if (stale && draft.restored && draft.text !== initial) setConflict((round) => round || 1);
  }, [stale, draft.restored, draft.text, initial]);
  useRetryWhenOnline(draft.unsaved && status.kind !== 'saving', save);

  if (!base)
    return history.isError ? (
      <p role="alert">{t(`${key}.gone`)}</p>
    ) : (
      <p>{t('workspace.annotations.history.loading')}</p>
    );

  const author = current?.author ?? version?.author;
  const created = current?.created ?? version?.created;
  return (
    <div className="inspector-body">
      {stale && !conflict && <p className="notice">{t(`${key}.gone`)}</p>}
      <DraftStatus draft={draft} onRetry={save} saving={status.kind === 'saving'} />
      <dl className="inspector-facts">
        <dt>{t(`${key}.anchor`)}</dt>
        <dd>{current ? <AnchorInWords anchor={current.anchor} /> : '—'}</dd>
        <dt>{t(`${key}.author`)}</dt>
        <dd data-testid="inspector-author">{author ?? t(`${key}.unknown`)}</dd>
        <dt>{t(`${key}.created`)}</dt>
        <dd>{created ? dateTime(created, i18n.language) : t(`${key}.unknown`)}</dd>
        <dt>{t(`${key}.origin`)}</dt>
        <dd>
          {current?.origin
            ? t(`${key}.byMachine`, { tool: current.origin.tool })
            : t(`${key}.byPeople`)}
        </dd>
      </dl>
      {conflict > 0 ? (
        <ConflictView
          key={conflict}
          round={conflict}
          itemId={item.id}
          baseId={annotationId}
          mine={fields}
          onMineChange={(mine) => draft.setText(encodeFields(mine))}
          saveAgainst={saveAgainst}
          onKeepTheirs={(theirsId) => {
            draft.clear();
            setConflict(0);
            void annotationsChanged().then(() => follow(annotationId, theirsId));
          }}
          saving={status.kind === 'saving'}
        />
      ) : (
        <form
          className="inspector-form"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label htmlFor={ids.type}>{t(`${key}.type`)}</label>
          <select
            id={ids.type}
            value={fields.type}
            onChange={(event) => edit({ type: event.target.value })}
          >
            {annotationTypes.map((type) => (
              <option key={type} value={type}>
                {t(`workspace.annotations.type.${type}`)}
              </option>
            ))}
          </select>
          <label htmlFor={ids.language}>{t(`${key}.language`)}</label>
          <input
            id={ids.language}
            value={fields.language}
            onChange={(event) => edit({ language: event.target.value })}
          />
          <label htmlFor={ids.value}>{t(`${key}.value`)}</label>
          <textarea
            id={ids.value}
            rows={4}
            value={fields.value}
            onChange={(event) => edit({ value: event.target.value })}
          />
          <TermPicker
            collection={item.collection}
            value={fields.terms}
            onChange={(terms) => edit({ terms })}
            label={t(`${key}.terms`)}
          />
          <p>
            <button type="submit" disabled={status.kind === 'saving'}>
              {status.kind === 'saving' ? t(`${key}.saving`) : t(`${key}.save`)}
            </button>
          </p>
        </form>
      )}
      <p className="inspector-status" role="status">
        {status.kind === 'idle' &&
          saved !== undefined &&
          (saved ? t(`${key}.saved`) : t(`${key}.unchanged`))}
        {status.kind === 'saved' && (status.changed ? t(`${key}.saved`) : t(`${key}.unchanged`))}
        {status.kind === 'failed' && t(`${key}.failed`, { detail: status.detail })}
      </p>
      <HistoryPanel
        itemId={item.id}
        versions={history.data}
        error={history.error}
        newest={history.data ? newestOf(history.data) : undefined}
        onRestored={async (newId) => {
          draft.clear();
          await annotationsChanged();
          follow(annotationId, newId);
        }}
      />
    </div>
  );
}
