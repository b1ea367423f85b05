import { memo, type ReactNode, type RefObject, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { en } from '../i18n/en';
import { clockTime, languageName } from '../text/format';
import type { View } from './recording-surfer';
import { inView, longestSpan, type Tier, type TimedAnnotation } from './tier-grouping';

/** What is being typed in place: an annotation's text, or a new one's in a tier. */
export type EditTarget =
  | { kind: 'edit'; id: string; tier: string }
  | { kind: 'new'; tier: string; startMs: number; endMs: number };

/** Boxes just outside the view are drawn too, so that a small scroll shows no gap. */
const MARGIN = 0.25;

/** A tier's name as people read it: its kind, and its language when it has one. */
export function useTierLabel() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useCallback(
    (tier: Pick<Tier, 'type' | 'language'>) => {
      const name =
        tier.type in en.workspace.recording.tierName
          ? t(`workspace.recording.tierName.${tier.type as 'note'}`)
          : tier.type;
      return tier.language
        ? t('workspace.recording.withLanguage', {
            name,
            language: languageName(tier.language, language),
          })
        : name;
    },
    [t, language],
  );
}

/**
 * The tier rows under the waveform, as in ELAN's timeline: one row per tier, each
 * annotation a box at its span, at the waveform's scroll and zoom. Only the boxes in
 * view are drawn (and the chosen or edited one), so an hour with thousands stays light.
 */
export const TierRows = memo(function TierRows({
  tiers,
  view,
  activeKey,
  focusedId,
  editing,
  playhead,
  editor,
  onChooseTier,
  onChoose,
  onEdit,
}: {
  tiers: Tier[];
  view: View;
  activeKey: string | undefined;
  focusedId: string | undefined;
  editing: EditTarget | undefined;
  playhead: RefObject<HTMLDivElement | null>;
  editor: (target: EditTarget, tier: Tier) => ReactNode;
  onChooseTier(key: string): void;
  onChoose(annotation: TimedAnnotation, tier: Tier): void;
  onEdit(annotation: TimedAnnotation, tier: Tier): void;
}) {
  const { t } = useTranslation();
  const label = useTierLabel();
  return (
    <div className="tier-rows">
      <div ref={playhead} className="tier-playhead" aria-hidden="true" />
      {tiers.map((tier) => (
        <TierRow
          key={tier.key}
          tier={tier}
          name={label(tier)}
          view={view}
          active={tier.key === activeKey}
          focusedId={focusedId}
          editing={editing?.tier === tier.key ? editing : undefined}
          editor={editor}
          chooseLabel={t('workspace.recording.chooseTier', { name: label(tier) })}
          onChooseTier={onChooseTier}
          onChoose={onChoose}
          onEdit={onEdit}
        />
      ))}
    </div>
  );
});

function TierRow({
  tier,
  name,
  view,
  active,
  focusedId,
  editing,
  editor,
  chooseLabel,
  onChooseTier,
  onChoose,
  onEdit,
}: {
  tier: Tier;
  name: string;
  view: View;
  active: boolean;
  focusedId: string | undefined;
  editing: EditTarget | undefined;
  editor: (target: EditTarget, tier: Tier) => ReactNode;
  chooseLabel: string;
  onChooseTier(key: string): void;
  onChoose(annotation: TimedAnnotation, tier: Tier): void;
  onEdit(annotation: TimedAnnotation, tier: Tier): void;
}) {
  const { t } = useTranslation();
  const longest = useMemo(() => longestSpan(tier.annotations), [tier.annotations]);
  // Built once per change of the tier: looked up at each scroll, among thousands.
  const byId = useMemo(
    () => new Map(tier.annotations.map((annotation) => [annotation.id, annotation])),
    [tier.annotations],
  );
  const margin = (view.endMs - view.startMs) * MARGIN;
  const shown = inView(tier.annotations, view.startMs - margin, view.endMs + margin, longest);
  // The chosen and the edited annotation stay drawn (and focusable) out of view.
  const shownIds = new Set(shown.map((annotation) => annotation.id));
  for (const id of [focusedId, editing?.kind === 'edit' ? editing.id : undefined]) {
    const kept = id && !shownIds.has(id) ? byId.get(id) : undefined;
    if (!kept) continue;
    shown.push(kept);
    shownIds.add(kept.id);
  }
  const tabStop = focusedId && shownIds.has(focusedId) ? focusedId : shown[0]?.id;
  const x = (ms: number) => ((ms - view.startMs) / 1000) * view.pxPerSec;
  const place = (startMs: number, endMs: number) => ({
    left: `${x(startMs)}px`,
    width: `${Math.max(3, ((endMs - startMs) / 1000) * view.pxPerSec)}px`,
  });
  // An open text box starts in view even when its annotation started before.
  const placeOpen = (startMs: number, endMs: number) => ({
    ...place(startMs, endMs),
    left: `${Math.max(0, x(startMs))}px`,
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: a row of the timeline, laid out as one; not a form
    <div
      role="group"
      aria-label={t('workspace.recording.tierRow', { name })}
      className={active ? 'tier-row active' : 'tier-row'}
      data-tier={tier.key}
    >
      <div className="tier-head">
        <button
          type="button"
          className="tier-name"
          aria-pressed={active}
          aria-label={chooseLabel}
          onClick={() => onChooseTier(tier.key)}
        >
          {name}
        </button>
        {tier.importedFrom.length > 0 && (
          <span className="muted small">
            {t('workspace.recording.importedFrom', { tiers: tier.importedFrom.join(', ') })}
          </span>
        )}
      </div>
      <div className="tier-track" style={{ width: view.width ? `${view.width}px` : undefined }}>
        {shown.map((annotation) => {
          const { startMs, endMs } = annotation.anchor;
          if (editing?.kind === 'edit' && editing.id === annotation.id)
            return (
              <div
                key={annotation.id}
                className="tier-box editing"
                data-annotation={annotation.id}
                style={placeOpen(startMs, endMs)}
              >
                {editor(editing, tier)}
              </div>
            );
          return (
            <button
              key={annotation.id}
              type="button"
              className={annotation.id === focusedId ? 'tier-box chosen' : 'tier-box'}
              data-annotation={annotation.id}
              tabIndex={annotation.id === tabStop ? 0 : -1}
              aria-current={annotation.id === focusedId ? 'true' : undefined}
              aria-label={t('workspace.recording.box', {
                text: annotation.value,
                start: clockTime(startMs),
                end: clockTime(endMs),
              })}
              style={place(startMs, endMs)}
              onClick={() => onChoose(annotation, tier)}
              onFocus={() => annotation.id !== focusedId && onChoose(annotation, tier)}
              onDoubleClick={() => onEdit(annotation, tier)}
            >
              {annotation.value}
            </button>
          );
        })}
        {editing?.kind === 'new' && (
          <div className="tier-box editing new" style={placeOpen(editing.startMs, editing.endMs)}>
            {editor(editing, tier)}
          </div>
        )}
      </div>
    </div>
  );
}
