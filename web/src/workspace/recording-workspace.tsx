import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWaveform } from '../api/queries';
import type { Annotation, Item, Waveform } from '../api/types';
import { problemOfError } from '../components/file-problem';
import { LoadError, Loading } from '../components/query-state';
import { type RecordingTrack, recordingTracksOf } from '../items/recording-tracks';
import { assetName, clockTime } from '../text/format';
import {
  type AnnotationChange,
  isStaleEdit,
  type SaveResult,
  saveChanges,
} from './annotation-changes';
import { handStaleEditToInspector } from './conflict-hand-over';
import { RecordingKeys } from './recording-keys';
import { regionIdOf, SELECTION_REGION, useTierSurfer } from './recording-surfer';
import { TierAddForm } from './tier-add-form';
import { type EditorExit, TierEditor } from './tier-editor';
import { nextInTier, planBoundary, planMerge, planSpan, planSplit } from './tier-edits';
import {
  inView,
  longestSpan,
  type Tier,
  type TierName,
  type TimedAnnotation,
  tierKey,
  tiersOfRecording,
} from './tier-grouping';
import { type EditTarget, TierRows, useTierLabel } from './tier-rows';
import { loudnessOf, snapToSilence } from './tier-snap';
import { useAnnotationsChanged, useWorkspaceAnnotations } from './use-workspace-annotations';
import { useWorkspaceSelection } from './workspace-selection';

const REGION = 'rgba(11, 79, 108, 0.18)';
const CHOSEN_REGION = 'rgba(11, 79, 108, 0.35)';

/** Playback speeds for careful listening, fastest first. */
const RATES = [1, 0.75, 0.5] as const;

/** The workspace's part for the waveform and its tiers, one recording at a time. */
export function RecordingWorkspace({ item }: { item: Item }) {
  const { t } = useTranslation();
  const tracks = useMemo(() => recordingTracksOf(item), [item]);
  const [chosen, setChosen] = useState(0);
  const track = tracks[chosen] ?? tracks[0];
  const waveform = useWaveform(item.id, track?.recording, track?.track ?? 0);
  const annotations = useWorkspaceAnnotations(item.id);
  return (
    <section className="recording-workspace" aria-labelledby="recording-workspace-heading">
      <h2 id="recording-workspace-heading">{t('workspace.recording.heading')}</h2>
      {tracks.length > 1 && (
        <label className="recording-choice">
          {t('workspace.recording.recording')}{' '}
          <select value={chosen} onChange={(event) => setChosen(Number(event.target.value))}>
            {tracks.map((option, at) => (
              <option key={`${option.recording} ${option.track}`} value={at}>
                {trackName(option)}
              </option>
            ))}
          </select>
        </label>
      )}
      {waveform.isPending || annotations.isPending ? (
        <Loading />
      ) : waveform.isError ? (
        <p className="muted">
          {problemOfError(waveform.error) === 'missing'
            ? t('workspace.recording.noWaveform')
            : waveform.error.message}
        </p>
      ) : annotations.isError ? (
        <LoadError error={annotations.error} retry={() => void annotations.refetch()} />
      ) : (
        <TierWorkspace
          key={`${waveform.data.recording} ${waveform.data.track}`}
          item={item}
          waveform={waveform.data}
          annotations={annotations.data}
        />
      )}
    </section>
  );
}

const trackName = (track: RecordingTrack) =>
  `${assetName(track.recording)}${track.track > 0 ? ` (${track.track + 1})` : ''}`;

/** Where the person is typing, kept with the draft so that a reload opens the same box. */
function useStoredEditing(itemId: string, recording: string) {
  const key = `heritage:workspace-editing:${itemId}:${recording}`;
  const [editing, setState] = useState<EditTarget | undefined>(() => {
    try {
      const kept = localStorage.getItem(key);
      return kept ? (JSON.parse(kept) as EditTarget) : undefined;
    } catch {
      return undefined;
    }
  });
  // What is open now, for a save that ends after another box was opened meanwhile.
  const current = useRef(editing);
  const setEditing = useCallback(
    (next: EditTarget | undefined) => {
      current.current = next;
      setState(next);
      try {
        if (next) localStorage.setItem(key, JSON.stringify(next));
        else localStorage.removeItem(key);
      } catch {
        // A private window may keep nothing: the box is open all the same.
      }
    },
    [key],
  );
  const isOpen = useCallback(
    (target: EditTarget) => current.current !== undefined && sameTarget(current.current, target),
    [],
  );
  return [editing, setEditing, isOpen] as const;
}

const sameTarget = (a: EditTarget, b: EditTarget): boolean =>
  a.kind === 'edit'
    ? b.kind === 'edit' && a.id === b.id && a.tier === b.tier
    : b.kind === 'new' && a.tier === b.tier && a.startMs === b.startMs && a.endMs === b.endMs;

/** Tiers a person added that have no annotation yet, kept in the browser per item. */
function useStoredTiers(itemId: string) {
  const key = `heritage:workspace-tiers:${itemId}`;
  const [tiers, setState] = useState<TierName[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '[]') as TierName[];
    } catch {
      return [];
    }
  });
  const add = useCallback(
    (name: TierName) =>
      setState((before) => {
        const next = [...before, name];
        try {
          localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // A private window may keep nothing: the tier is there until the page closes.
        }
        return next;
      }),
    [key],
  );
  return [tiers, add] as const;
}

const draftKeyOf = (recording: string, target: EditTarget) =>
  target.kind === 'edit'
    ? `recording:edit:${target.id}`
    : `recording:new:${recording}:${target.tier}`;

const isTyping = (element: HTMLElement) =>
  element.tagName === 'INPUT' || element.tagName === 'SELECT' || element.tagName === 'TEXTAREA';

/** A box one types text in, where Ctrl+Space is the system's switch of input source. */
const isTextBox = (element: HTMLElement) =>
  element.tagName === 'TEXTAREA' ||
  (element instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'file'].includes(element.type));

function TierWorkspace({
  item,
  waveform,
  annotations,
}: {
  item: Item;
  waveform: Waveform;
  annotations: Annotation[];
}) {
  const { t } = useTranslation();
  const tierLabel = useTierLabel();
  const recording = waveform.recording;
  const durationMs = Math.round(waveform.duration * 1000);
  const changed = useAnnotationsChanged(item.id);
  const { selected, select } = useWorkspaceSelection();
  const [extraTiers, addTier] = useStoredTiers(item.id);
  const tiers = useMemo(
    () =>
      tiersOfRecording(
        annotations,
        recording,
        extraTiers.length > 0 || annotations.length > 0 ? extraTiers : [{ type: 'transcription' }],
      ),
    [annotations, recording, extraTiers],
  );
  const byId = useMemo(() => {
    const found = new Map<string, { annotation: TimedAnnotation; tier: Tier }>();
    for (const tier of tiers)
      for (const annotation of tier.annotations) found.set(annotation.id, { annotation, tier });
    return found;
  }, [tiers]);
  const [activeKey, setActiveKey] = useState<string>();
  const active = tiers.find((tier) => tier.key === activeKey) ?? tiers[0];
  const [focusedId, setFocusedId] = useState<string>();
  const focused = focusedId ? byId.get(focusedId) : undefined;
  const [editing, setEditing, isOpen] = useStoredEditing(item.id, recording);
  const [span, setSpan] = useState<{ startMs: number; endMs: number }>();
  const [playing, setPlaying] = useState(false);
  const [loop, setLoop] = useState(false);
  const [rate, setRate] = useState<number>(1);
  const [side, setSide] = useState<'start' | 'end'>('start');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  /** Set from the moment a save starts, before React draws it: keys can come faster. */
  const saving = useRef(false);
  const loudness = useMemo(() => loudnessOf(waveform.peaks), [waveform]);
  const container = useRef<HTMLDivElement>(null);
  const media = useRef<HTMLAudioElement>(null);
  const clock = useRef<HTMLSpanElement>(null);
  const playhead = useRef<HTMLDivElement>(null);
  const rows = useRef<HTMLDivElement>(null);
  const nowMs = useRef(0);
  const stopAt = useRef<{ startMs: number; endMs: number }>(undefined);
  const loopNow = useRef(loop);
  loopNow.current = loop;
  /** Set when the chosen box should take the keyboard focus once drawn. */
  const focusWanted = useRef(false);

  const snap = (ms: number) => snapToSilence(loudness, durationMs, ms);

  const { surfer, regions, view } = useTierSurfer(waveform, container, media, {
    onTime(ms) {
      nowMs.current = ms;
      const stop = stopAt.current;
      if (stop && ms >= stop.endMs) {
        if (loopNow.current) surfer.current?.setTime(stop.startMs / 1000);
        else {
          stopAt.current = undefined;
          surfer.current?.pause();
        }
      }
      drawPlayhead(ms);
    },
    onPlaying(now) {
      setPlaying(now);
      if (!now) stopAt.current = undefined;
    },
    onSelect(startMs, endMs) {
      const snapped = { startMs: snap(startMs), endMs: snap(endMs) };
      if (snapped.endMs - snapped.startMs < 20) return;
      const region = regions.current?.getRegions().find((r) => r.id === SELECTION_REGION);
      region?.setOptions({ start: snapped.startMs / 1000, end: snapped.endMs / 1000 });
      setSpan(snapped);
      if (active) setEditing({ kind: 'new', tier: active.key, ...snapped });
    },
    onResize(id, startMs, endMs, moved) {
      const found = byId.get(id);
      if (!found) return;
      const ms = snap(moved === 'start' ? startMs : endMs);
      const plan =
        planBoundary(found.annotation, moved, ms, durationMs) ??
        planSpan(found.annotation, startMs, endMs);
      if (!plan) return drawRegions();
      void apply(plan, t('workspace.recording.status.moved', { time: clockTime(ms) })).then(
        (result) => (result ? choose(result.saved[0]?.id) : drawRegions()),
      );
    },
    onRegionClick(id) {
      focusWanted.current = true;
      choose(id);
    },
  });

  // What the playhead's moves change, drawn straight into the page: no render per moment.
  const viewNow = useRef(view);
  viewNow.current = view;
  const drawPlayhead = (ms: number) => {
    if (clock.current) clock.current.textContent = clockTime(ms);
    const line = playhead.current;
    if (!line) return;
    const { startMs, pxPerSec, width } = viewNow.current;
    const x = ((ms - startMs) / 1000) * pxPerSec;
    line.style.transform = `translateX(${x}px)`;
    line.hidden = x < 0 || x > width;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when the view moves
  useEffect(() => drawPlayhead(nowMs.current), [view]);

  // Regions only around the view (the plugin follows every region on each scroll), redrawn
  // when the view moves a whole width, not at each pixel.
  const shownMs = Math.max(1, view.endMs - view.startMs);
  const page = Math.floor(view.startMs / shownMs);
  const regionFrom = (page - 1) * shownMs;
  const regionTo = (page + 2) * shownMs;
  /** The active tier's annotations near the view as regions on the waveform, their boundaries draggable. */
  const drawRegions = useCallback(() => {
    const plugin = regions.current;
    if (!plugin) return;
    for (const region of plugin.getRegions()) if (region.id !== SELECTION_REGION) region.remove();
    const all = active?.annotations ?? [];
    for (const annotation of inView(all, regionFrom, regionTo, longestSpan(all)))
      plugin.addRegion({
        id: regionIdOf(annotation.id),
        start: annotation.anchor.startMs / 1000,
        end: annotation.anchor.endMs / 1000,
        drag: false,
        resize: true,
        color: annotation.id === focusedNow.current ? CHOSEN_REGION : REGION,
      });
  }, [active, regions, regionFrom, regionTo]);
  useEffect(drawRegions, [drawRegions]);

  // Choosing another annotation recolours two regions, not the thousands of a long tier.
  const focusedNow = useRef(focusedId);
  useEffect(() => {
    const before = focusedNow.current;
    focusedNow.current = focusedId;
    for (const region of regions.current?.getRegions() ?? []) {
      if (before && region.id === regionIdOf(before)) region.setOptions({ color: REGION });
      if (focusedId && region.id === regionIdOf(focusedId))
        region.setOptions({ color: CHOSEN_REGION });
    }
  }, [focusedId, regions]);

  const apply = async (
    changes: AnnotationChange[],
    done: string,
  ): Promise<SaveResult | undefined> => {
    saving.current = true;
    setBusy(true);
    setStatus(t('workspace.recording.status.saving'));
    try {
      const result = await saveChanges(item.id, changes);
      await changed();
      setStatus(done);
      return result;
    } catch (error) {
      if (isStaleEdit(error)) {
        handStaleEditToInspector(item.id, changes, annotations, select);
        await changed();
        setStatus(t('workspace.recording.status.stale'));
      } else
        setStatus(
          t('workspace.recording.status.failed', {
            reason: error instanceof Error ? error.message : String(error),
          }),
        );
      return undefined;
    } finally {
      saving.current = false;
      setBusy(false);
    }
  };

  const seek = (ms: number) => {
    const at = Math.min(Math.max(ms, 0), durationMs);
    nowMs.current = at;
    surfer.current?.setTime(at / 1000);
    drawPlayhead(at);
  };

  /** Chooses an annotation: the inspector follows, the playhead goes to its start. */
  const choose = (id: string | undefined) => {
    setFocusedId(id);
    // Also when nothing is chosen (the annotation was removed): the inspector lets it go.
    select(id);
    if (!id) return;
    const found = byId.get(id);
    if (!found) return;
    setActiveKey(found.tier.key);
    const { startMs, endMs } = found.annotation.anchor;
    const shown = viewNow.current;
    if (endMs < shown.startMs || startMs > shown.endMs)
      surfer.current?.setScrollTime(Math.max(0, startMs / 1000 - 1));
    seek(startMs);
  };

  // Another part of the workspace (the list, the inspector) chose an annotation here.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the shared selection only
  useEffect(() => {
    if (selected && selected !== focusedId && byId.has(selected)) choose(selected);
  }, [selected]);

  // A chosen box takes the focus once it is drawn (after a keyboard move or a save).
  useEffect(() => {
    if (!focusWanted.current || !focusedId || editing) return;
    const box = rows.current?.querySelector<HTMLElement>(`[data-annotation="${focusedId}"]`);
    if (box) {
      focusWanted.current = false;
      box.focus();
    }
  });

  const focusChosen = (id: string | undefined) => {
    focusWanted.current = true;
    choose(id);
  };

  const toggle = () => {
    const ws = surfer.current;
    if (!ws) return;
    if (ws.isPlaying()) ws.pause();
    else void ws.play().catch((error: unknown) => setStatus(String(error)));
  };

  /** Plays the edited or chosen annotation, else the dragged selection; loops if asked. */
  const playSpan = () => {
    const target =
      (editing?.kind === 'edit' ? byId.get(editing.id)?.annotation.anchor : undefined) ??
      (editing?.kind === 'new' ? editing : undefined) ??
      focused?.annotation.anchor ??
      span;
    const ws = surfer.current;
    if (!target || !ws) return setStatus(t('workspace.recording.status.noSpan'));
    stopAt.current = { startMs: target.startMs, endMs: target.endMs };
    ws.setTime(target.startMs / 1000);
    void ws.play().catch((error: unknown) => setStatus(String(error)));
  };

  const changeRate = (next: number) => {
    setRate(next);
    surfer.current?.setPlaybackRate(next, true);
  };

  const zoom = (factor: number) => {
    const ws = surfer.current;
    if (!ws) return;
    const fit = view.width / Math.max(waveform.duration, 0.001);
    ws.zoom(Math.min(2000, Math.max(fit, view.pxPerSec * factor)));
  };

  const startNew = () => {
    if (!span || !active) return setStatus(t('workspace.recording.status.noSpan'));
    setEditing({ kind: 'new', tier: active.key, ...span });
  };

  const edit = (annotation: TimedAnnotation | undefined) => {
    if (!annotation) return setStatus(t('workspace.recording.status.nothingChosen'));
    const found = byId.get(annotation.id);
    if (found) setEditing({ kind: 'edit', id: annotation.id, tier: found.tier.key });
  };

  const clearSelection = () => {
    for (const region of regions.current?.getRegions() ?? [])
      if (region.id === SELECTION_REGION) region.remove();
    setSpan(undefined);
  };

  /** Saves or drops the text box's content, then goes where the key asked. */
  const finishEdit = async (
    target: EditTarget,
    exit: EditorExit,
    text: string,
    terms: string[],
  ): Promise<boolean> => {
    const tier = tiers.find((candidate) => candidate.key === target.tier);
    if (exit === 'cancel') {
      setEditing(undefined);
      if (target.kind === 'new') clearSelection();
      else focusChosen(target.id);
      return true;
    }
    if (!tier) return false;
    let savedId: string | undefined;
    let from: TimedAnnotation | undefined;
    if (target.kind === 'new') {
      if (!text.trim()) {
        setStatus(t('workspace.recording.status.empty'));
        return false;
      }
      const result = await apply(
        [
          {
            op: 'add',
            type: tier.type,
            value: text,
            ...(tier.language ? { language: tier.language } : {}),
            ...(terms.length > 0 ? { terms } : {}),
            anchor: {
              kind: 'time',
              asset: recording,
              startMs: target.startMs,
              endMs: target.endMs,
            },
          },
        ],
        t('workspace.recording.status.added'),
      );
      if (!result) return false;
      savedId = result.saved[0]?.id;
      clearSelection();
    } else {
      from = byId.get(target.id)?.annotation;
      if (!from) {
        setEditing(undefined);
        return false;
      }
      if (!text.trim()) {
        setStatus(t('workspace.recording.status.empty'));
        return false;
      }
      const sameTerms = terms.join(' ') === from.terms.join(' ');
      if (text !== from.value || !sameTerms) {
        const result = await apply(
          [{ op: 'supersede', id: from.id, value: text, ...(sameTerms ? {} : { terms }) }],
          t('workspace.recording.status.edited'),
        );
        if (!result) return false;
        savedId = result.saved[0]?.id;
      } else savedId = from.id;
    }
    // Another box opened while this one saved stays open, and keeps the focus.
    if (!isOpen(target)) return true;
    setEditing(undefined);
    if (exit === 'save' || !from) {
      focusChosen(savedId);
      return true;
    }
    // Tab and Shift+Tab: on to the neighbour in the tier, typed in and heard at once.
    const at = tier.annotations.findIndex((annotation) => annotation.id === from.id);
    const neighbour = tier.annotations[exit === 'next' ? at + 1 : at - 1];
    if (!neighbour) {
      focusChosen(savedId);
      return true;
    }
    choose(neighbour.id);
    setEditing({ kind: 'edit', id: neighbour.id, tier: tier.key });
    stopAt.current = { startMs: neighbour.anchor.startMs, endMs: neighbour.anchor.endMs };
    void surfer.current?.play().catch(() => {});
    return true;
  };

  const split = async () => {
    const annotation = focused?.annotation;
    if (!annotation) return setStatus(t('workspace.recording.status.nothingChosen'));
    const plan = planSplit(annotation, nowMs.current);
    if (!plan) return setStatus(t('workspace.recording.status.noSplit'));
    const result = await apply(plan, t('workspace.recording.status.split'));
    if (result) focusChosen(result.saved[0]?.id);
  };

  const merge = async () => {
    if (!focused) return setStatus(t('workspace.recording.status.nothingChosen'));
    const next = nextInTier(focused.tier.annotations, focused.annotation);
    if (!next) return setStatus(t('workspace.recording.status.noNext'));
    const result = await apply(
      planMerge(focused.annotation, next),
      t('workspace.recording.status.merged'),
    );
    if (result) focusChosen(result.saved[0]?.id);
  };

  const remove = async () => {
    if (!focused) return setStatus(t('workspace.recording.status.nothingChosen'));
    const { annotation, tier } = focused;
    const at = tier.annotations.indexOf(annotation);
    const neighbour = tier.annotations[at + 1] ?? tier.annotations[at - 1];
    const result = await apply(
      [{ op: 'retire', id: annotation.id }],
      t('workspace.recording.status.removed'),
    );
    if (result) focusChosen(neighbour?.id);
  };

  /** Nudges pressed while the last one is saving: applied together once it is saved. */
  const pendingNudge = useRef(0);
  const nudge = async (deltaMs: number) => {
    if (saving.current) {
      pendingNudge.current += deltaMs;
      return;
    }
    if (!focused) return setStatus(t('workspace.recording.status.nothingChosen'));
    const { anchor } = focused.annotation;
    const ms = (side === 'start' ? anchor.startMs : anchor.endMs) + deltaMs;
    const plan = planBoundary(focused.annotation, side, ms, durationMs);
    if (!plan) return;
    const result = await apply(
      plan,
      t('workspace.recording.status.moved', { time: clockTime(ms) }),
    );
    if (result) focusChosen(result.saved[0]?.id);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs the nudges held back once a save ends
  useEffect(() => {
    if (busy || pendingNudge.current === 0 || !focused) return;
    const held = pendingNudge.current;
    pendingNudge.current = 0;
    void nudge(held);
  }, [busy, focused]);

  /** ←/→ along the tier, ↑/↓ to the tier above or below at the same moment. */
  const move = (key: string) => {
    const tier = focused?.tier ?? active;
    if (!tier) return;
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const at = focused ? tier.annotations.indexOf(focused.annotation) : -1;
      const next = tier.annotations[key === 'ArrowLeft' ? Math.max(0, at - 1) : at + 1];
      if (next) focusChosen(next.id);
      return;
    }
    const row = tiers.indexOf(tier) + (key === 'ArrowUp' ? -1 : 1);
    const other = tiers[row];
    if (!other) return;
    setActiveKey(other.key);
    const moment = focused?.annotation.anchor.startMs ?? nowMs.current;
    const nearest = other.annotations.reduce<TimedAnnotation | undefined>(
      (best, annotation) =>
        !best ||
        Math.abs(annotation.anchor.startMs - moment) < Math.abs(best.anchor.startMs - moment)
          ? annotation
          : best,
      undefined,
    );
    if (nearest) focusChosen(nearest.id);
    else
      rows.current
        ?.querySelector<HTMLElement>(`[data-tier="${CSS.escape(other.key)}"] .tier-name`)
        ?.focus();
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const { key, code, altKey, ctrlKey, shiftKey, metaKey } = event;
    const handled = () => event.preventDefault();
    // Not in a text box: there Ctrl+Space switches the keyboard to Vietnamese or Tày.
    if ((ctrlKey || metaKey) && key === ' ' && !isTextBox(target)) {
      handled();
      return toggle();
    }
    if (isTyping(target)) return;
    const onBox = target.classList.contains('tier-box');
    if (shiftKey && key === ' ') {
      handled();
      return playSpan();
    }
    if (altKey && code === 'KeyL') {
      handled();
      return setLoop(!loop);
    }
    if (altKey && code === 'KeyR') {
      handled();
      return changeRate(RATES[(RATES.indexOf(rate as 1) + 1) % RATES.length] ?? 1);
    }
    if (altKey && code === 'KeyN') {
      handled();
      return startNew();
    }
    if (!altKey && !ctrlKey && (key === '+' || key === '=' || key === '-')) {
      handled();
      return zoom(key === '-' ? 0.5 : 2);
    }
    if (ctrlKey && (key === 'ArrowLeft' || key === 'ArrowRight')) {
      handled();
      const step = shiftKey ? 1000 : 100;
      return seek(nowMs.current + (key === 'ArrowLeft' ? -step : step));
    }
    if (!onBox) return;
    if (altKey && (key === 'ArrowLeft' || key === 'ArrowRight')) {
      handled();
      const step = shiftKey ? 100 : 10;
      return void nudge(key === 'ArrowLeft' ? -step : step);
    }
    if (busy) return;
    if (altKey && code === 'KeyS') {
      handled();
      return void split();
    }
    if (altKey && code === 'KeyM') {
      handled();
      return void merge();
    }
    if (key === 'Delete') {
      handled();
      return void remove();
    }
    if (key === '[' || key === ']') {
      handled();
      return setSide(key === '[' ? 'start' : 'end');
    }
    if (key === 'Enter' || key === 'F2') {
      handled();
      return edit(focused?.annotation);
    }
    if (key.startsWith('Arrow') && !altKey && !ctrlKey && !metaKey) {
      handled();
      return move(key);
    }
  };

  // The rows (memo'd) are drawn again only when what they show changes: the functions they
  // get stay the same and call this render's, kept in a ref.
  const latest = useRef({ finishEdit, focusChosen, edit });
  latest.current = { finishEdit, focusChosen, edit };
  const onChoose = useCallback(
    (annotation: TimedAnnotation) => latest.current.focusChosen(annotation.id),
    [],
  );
  const onEdit = useCallback((annotation: TimedAnnotation) => latest.current.edit(annotation), []);

  const editor = useCallback(
    (target: EditTarget, tier: Tier) => {
      const annotation = target.kind === 'edit' ? byId.get(target.id)?.annotation : undefined;
      const startMs = annotation?.anchor.startMs ?? (target.kind === 'new' ? target.startMs : 0);
      const endMs = annotation?.anchor.endMs ?? (target.kind === 'new' ? target.endMs : 0);
      return (
        <TierEditor
          key={draftKeyOf(recording, target)}
          itemId={item.id}
          draftKey={draftKeyOf(recording, target)}
          initial={annotation?.value ?? ''}
          initialTerms={annotation?.terms ?? []}
          label={`${tierLabel(tier)}: ${t('workspace.recording.text', { start: clockTime(startMs), end: clockTime(endMs) })}`}
          language={tier.language}
          collection={item.collection}
          withTerms={tier.type === 'ritual' || tier.type === 'symbol'}
          onExit={(exit, text, terms) => latest.current.finishEdit(target, exit, text, terms)}
        />
      );
    },
    [byId, recording, tierLabel, t, item.id, item.collection],
  );

  const shownEditing =
    editing &&
    tiers.some((tier) => tier.key === editing.tier) &&
    (editing.kind === 'new' || byId.has(editing.id))
      ? editing
      : undefined;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the shortcuts of every control inside, handled once
    <div className="tier-workspace" onKeyDown={onKey}>
      {/* biome-ignore lint/a11y/useMediaCaption: the tiers below are the text of the recording */}
      <audio ref={media} src={waveform.audio?.url} preload="none" />
      {!waveform.audio && <p className="muted">{t('workspace.recording.noAccessCopy')}</p>}
      <div className="tier-toolbar" role="toolbar" aria-label={t('workspace.recording.heading')}>
        <button type="button" onClick={toggle}>
          {playing ? t('workspace.recording.pause') : t('workspace.recording.play')}
        </button>
        <button type="button" onClick={playSpan}>
          {t('workspace.recording.playSpan')}
        </button>
        <label>
          <input
            type="checkbox"
            checked={loop}
            onChange={(event) => setLoop(event.target.checked)}
          />{' '}
          {t('workspace.recording.loop')}
        </label>
        <label>
          {t('workspace.recording.rate')}{' '}
          <select value={rate} onChange={(event) => changeRate(Number(event.target.value))}>
            {RATES.map((value) => (
              <option key={value} value={value}>
                {value}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => zoom(2)}>
          {t('workspace.recording.zoomIn')}
        </button>
        <button type="button" onClick={() => zoom(0.5)}>
          {t('workspace.recording.zoomOut')}
        </button>
        <span className="tier-clock" data-testid="workspace-time">
          <span ref={clock}>{clockTime(0)}</span> / {clockTime(durationMs)}
        </span>
        <span className="muted small" data-testid="workspace-selection">
          {span
            ? t('workspace.recording.selection', {
                start: clockTime(span.startMs),
                end: clockTime(span.endMs),
              })
            : t('workspace.recording.noSelection')}
        </span>
      </div>
      <div className="tier-timeline">
        <div className="tier-head" />
        <div
          ref={container}
          className="waveform tier-waveform"
          data-testid="workspace-waveform"
          role="img"
          aria-label={t('workspace.recording.waveform')}
        />
      </div>
      <div ref={rows}>
        <TierRows
          tiers={tiers}
          view={view}
          activeKey={active?.key}
          focusedId={focusedId}
          editing={shownEditing}
          playhead={playhead}
          editor={editor}
          onChooseTier={setActiveKey}
          onChoose={onChoose}
          onEdit={onEdit}
        />
      </div>
      <div className="tier-actions" role="toolbar" aria-label={t('workspace.recording.actions')}>
        <button type="button" onClick={startNew} disabled={busy || !span}>
          {t('workspace.recording.add')}
        </button>
        <button type="button" onClick={() => edit(focused?.annotation)} disabled={busy || !focused}>
          {t('workspace.recording.edit')}
        </button>
        <button type="button" onClick={() => void split()} disabled={busy || !focused}>
          {t('workspace.recording.split')}
        </button>
        <button type="button" onClick={() => void merge()} disabled={busy || !focused}>
          {t('workspace.recording.merge')}
        </button>
        <button type="button" onClick={() => void remove()} disabled={busy || !focused}>
          {t('workspace.recording.remove')}
        </button>
        <label>
          {t('workspace.recording.boundary')}{' '}
          <select
            value={side}
            onChange={(event) => setSide(event.target.value === 'end' ? 'end' : 'start')}
          >
            <option value="start">{t('workspace.recording.start')}</option>
            <option value="end">{t('workspace.recording.end')}</option>
          </select>
        </label>
        <button type="button" onClick={() => void nudge(-10)} disabled={busy || !focused}>
          {t('workspace.recording.nudgeEarlier')}
        </button>
        <button type="button" onClick={() => void nudge(10)} disabled={busy || !focused}>
          {t('workspace.recording.nudgeLater')}
        </button>
      </div>
      <p className="tier-status" role="status" data-testid="workspace-status">
        {status}
      </p>
      <TierAddForm
        existing={tiers.map((tier) => tier.key)}
        languages={[...new Set([...item.languages, 'vie', 'en'])]}
        onAdd={(name) => {
          addTier(name);
          setActiveKey(tierKey(name));
        }}
      />
      <RecordingKeys />
    </div>
  );
}
