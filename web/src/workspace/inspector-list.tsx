import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../api/types';
import { VirtualList } from '../components/virtual-list';
import { shortAnchor } from './inspector-anchor';
import { useWorkspaceSelection } from './workspace-selection';

const rowHeight = 52;

/** Every current annotation of the item, filtered by type, anchor and text, drawn in view only. */
export function InspectorList({ annotations }: { annotations: readonly Annotation[] }) {
  const { t } = useTranslation();
  const { selected, select } = useWorkspaceSelection();
  const [type, setType] = useState('');
  const [where, setWhere] = useState('');
  const [text, setText] = useState('');
  const ids = { type: useId(), where: useId(), text: useId() };
  const types = useMemo(
    () => [...new Set(annotations.map((annotation) => annotation.type))].sort(),
    [annotations],
  );
  const shown = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase();
    return annotations.filter(
      (annotation) =>
        (!type || annotation.type === type) &&
        (!where || annotation.anchor.kind === where) &&
        (!needle || annotation.value.toLocaleLowerCase().includes(needle)),
    );
  }, [annotations, type, where, text]);
  const key = 'workspace.annotations';
  return (
    <div className="inspector-list">
      <fieldset className="inspector-filters">
        <legend className="visually-hidden">{t(`${key}.list.label`)}</legend>
        <label htmlFor={ids.type}>{t(`${key}.list.filterType`)}</label>
        <select id={ids.type} value={type} onChange={(event) => setType(event.target.value)}>
          <option value="">{t(`${key}.list.all`)}</option>
          {types.map((name) => (
            <option key={name} value={name}>
              {t(`${key}.type.${name}`, { defaultValue: name })}
            </option>
          ))}
        </select>
        <label htmlFor={ids.where}>{t(`${key}.list.filterWhere`)}</label>
        <select id={ids.where} value={where} onChange={(event) => setWhere(event.target.value)}>
          <option value="">{t(`${key}.list.all`)}</option>
          <option value="time">{t(`${key}.where.time`)}</option>
          <option value="region">{t(`${key}.where.region`)}</option>
          <option value="item">{t(`${key}.where.item`)}</option>
        </select>
        <label htmlFor={ids.text}>{t(`${key}.list.filterText`)}</label>
        <input
          id={ids.text}
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </fieldset>
      <p className="inspector-count" aria-live="polite">
        {t(`${key}.list.count`, { count: shown.length, total: annotations.length })}
      </p>
      {shown.length === 0 ? (
        <p>{t(`${key}.list.none`)}</p>
      ) : (
        <VirtualList
          items={shown}
          rowHeight={rowHeight}
          label={t(`${key}.list.label`)}
          keyOf={(annotation) => annotation.id}
          renderRow={(annotation) => (
            <button
              type="button"
              className="inspector-row"
              aria-pressed={annotation.id === selected}
              data-annotation={annotation.id}
              onClick={() => select(annotation.id)}
              onKeyDown={(event) => {
                // Up and down walk the filtered list, choosing as they go.
                if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
                event.preventDefault();
                const index = shown.indexOf(annotation) + (event.key === 'ArrowDown' ? 1 : -1);
                const next = shown[index];
                if (!next) return;
                select(next.id);
                const row = event.currentTarget.closest('li');
                const sibling =
                  event.key === 'ArrowDown' ? row?.nextElementSibling : row?.previousElementSibling;
                sibling?.querySelector('button')?.focus();
              }}
            >
              <span className="inspector-row-meta">
                {t(`${key}.type.${annotation.type}`, { defaultValue: annotation.type })} ·{' '}
                {shortAnchor(annotation.anchor)}
              </span>
              <span className="inspector-row-text">
                {annotation.value || t(`${key}.list.empty`)}
              </span>
            </button>
          )}
        />
      )}
    </div>
  );
}
