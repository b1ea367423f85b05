import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item } from '../api/types';
import { saveChanges } from './annotation-changes';
import { DraftStatus } from './draft-status';
import {
  decodeFields,
  type EditFields,
  encodeFields,
  itemNoteDraftKey,
  itemNoteTypes,
} from './inspector-fields';
import { TermPicker } from './term-picker';
import { isNetworkFailure, useDraft, useRetryWhenOnline } from './use-draft';
import { useAnnotationsChanged } from './use-workspace-annotations';
import { useSelectAnnotation } from './workspace-selection';

const blank: EditFields = { type: 'note', value: '', language: '', terms: [] };

/** "Add a note about the whole item": a note, ritual or symbol anchored to the item itself. */
export function InspectorItemNote({
  item,
  open,
  onOpenChange,
}: {
  item: Item;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const key = 'workspace.annotations.note';
  const initial = useMemo(() => encodeFields(blank), []);
  const draft = useDraft(item.id, itemNoteDraftKey, initial);
  const fields = decodeFields(draft.text, blank);
  const edit = (change: Partial<EditFields>) =>
    draft.setText(encodeFields({ ...fields, ...change }));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string>();
  const annotationsChanged = useAnnotationsChanged(item.id);
  const select = useSelectAnnotation();
  const ids = { type: useId(), value: useId(), language: useId(), heading: useId() };

  async function add() {
    if (!fields.value.trim()) {
      setMessage(t('workspace.annotations.inspector.empty'));
      return;
    }
    setSaving(true);
    setMessage(undefined);
    try {
      const result = await saveChanges(item.id, [
        {
          op: 'add',
          type: fields.type,
          value: fields.value,
          terms: fields.terms,
          ...(fields.language.trim() ? { language: fields.language.trim() } : {}),
          anchor: { kind: 'item' },
        },
      ]);
      draft.reset();
      setMessage(t(`${key}.added`));
      onOpenChange(false);
      await annotationsChanged();
      const added = result.saved[0]?.id;
      if (added) select(added);
    } catch (error) {
      if (isNetworkFailure(error)) draft.markUnsaved();
      else
        setMessage(
          t('workspace.annotations.inspector.failed', {
            detail: error instanceof Error ? error.message : String(error),
          }),
        );
    } finally {
      setSaving(false);
    }
  }
  useRetryWhenOnline(draft.unsaved && !saving, () => void add());

  return (
    <section className="item-note" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>
        <button type="button" aria-expanded={open} onClick={() => onOpenChange(!open)}>
          {t(`${key}.open`)}
        </button>
      </h3>
      {open && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <DraftStatus draft={draft} onRetry={() => void add()} saving={saving} />
          <label htmlFor={ids.type}>{t(`${key}.type`)}</label>
          <select
            id={ids.type}
            value={fields.type}
            onChange={(event) => edit({ type: event.target.value })}
          >
            {itemNoteTypes.map((type) => (
              <option key={type} value={type}>
                {t(`workspace.annotations.type.${type}`)}
              </option>
            ))}
          </select>
          <label htmlFor={ids.value}>{t(`${key}.value`)}</label>
          <textarea
            id={ids.value}
            rows={3}
            value={fields.value}
            onChange={(event) => edit({ value: event.target.value })}
          />
          <label htmlFor={ids.language}>{t(`${key}.language`)}</label>
          <input
            id={ids.language}
            value={fields.language}
            onChange={(event) => edit({ language: event.target.value })}
          />
          <TermPicker
            collection={item.collection}
            value={fields.terms}
            onChange={(terms) => edit({ terms })}
            label={t(`${key}.terms`)}
          />
          <p>
            <button type="submit" disabled={saving}>
              {t(`${key}.save`)}
            </button>{' '}
            <button type="button" onClick={() => onOpenChange(false)}>
              {t(`${key}.cancel`)}
            </button>
          </p>
        </form>
      )}
      <p role="status">{message}</p>
    </section>
  );
}
