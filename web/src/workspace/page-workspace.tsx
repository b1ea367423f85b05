import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pageImageUrl } from '../api/client';
import { usePageLayout } from '../api/queries';
import type { AnnotationType, Box, Item, PageLayout } from '../api/types';
import { UNCERTAIN_BELOW } from '../components/scan-viewer';
import { type AnnotationChange, isStaleEdit, saveChanges } from './annotation-changes';
import { handStaleEditToInspector } from './conflict-hand-over';
import {
  type PageCorrections,
  type PageRef,
  pageCorrections,
  pageText,
  type RegionAnnotation,
  regionOf,
} from './page-corrections';
import { PageScan } from './page-scan';
import { TermPicker } from './term-picker';
import { useDraft } from './use-draft';
import { useVocabulary } from './use-vocabulary';
import { useAnnotationsChanged, useWorkspaceAnnotations } from './use-workspace-annotations';
import { VocabularyEditor } from './vocabulary-editor';
import { mainLabel } from './vocabulary-terms';
import {
  useFollowReplacement,
  useSelectAnnotation,
  useWorkspaceSelection,
} from './workspace-selection';

/** Every page of every scan of the item, in the item's order. */
function pagesOf(item: Item): PageRef[] {
  return item.assets
    .filter((asset) => asset.role === 'scan')
    .flatMap((asset) => {
      const count = typeof asset.technical.pages === 'number' ? asset.technical.pages : 1;
      return Array.from({ length: count }, (_, at) => ({ scan: asset.path, page: at + 1 }));
    });
}

const draftKey = (where: PageRef, what: string) => `page:${where.scan}:${where.page}:${what}`;

/** What became of the last save, told in the status line. */
type Outcome = { kind: 'saved' | 'stale' | 'failed' | 'unchanged'; detail?: string } | undefined;

/** Saves `changes`, reads the annotations again and says how it went. */
function useSave(itemId: string, setOutcome: (outcome: Outcome) => void) {
  const changed = useAnnotationsChanged(itemId);
  const select = useSelectAnnotation();
  const follow = useFollowReplacement();
  const annotations = useWorkspaceAnnotations(itemId).data ?? [];
  return async (changes: AnnotationChange[]): Promise<string | undefined> => {
    try {
      const result = await saveChanges(itemId, changes);
      await changed();
      for (const saved of result.saved) if (saved.supersedes) follow(saved.supersedes, saved.id);
      setOutcome({ kind: 'saved' });
      return result.saved[0]?.id;
    } catch (error) {
      if (isStaleEdit(error)) {
        handStaleEditToInspector(itemId, changes, annotations, select);
        await changed();
        setOutcome({ kind: 'stale' });
      } else {
        setOutcome({
          kind: 'failed',
          detail: error instanceof Error ? error.message : String(error),
        });
      }
      return undefined;
    }
  };
}

/**
 * The workspace's part for scanned pages: the scan with its OCR words drawn over it,
 * each line correctable in place, the whole page's text correctable at once (it then
 * becomes the page's text for search and the catalog), and rectangles on the page
 * annotated as rituals, symbols or notes with terms of the collection's vocabulary.
 */
export function PageWorkspace({ item }: { item: Item }) {
  const { t } = useTranslation();
  const headingId = useId();
  const pages = useMemo(() => pagesOf(item), [item]);
  const [index, setIndex] = useState(0);
  const where = pages[index] ?? pages[0];
  const layout = usePageLayout(item.id, where?.scan, where?.page ?? 1);
  const annotations = useWorkspaceAnnotations(item.id);
  const { selected, select } = useWorkspaceSelection();
  const [chosenLine, setChosenLine] = useState<number>();
  const [editingPage, setEditingPage] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [pending, setPending] = useState<Box>();
  const [outcome, setOutcome] = useState<Outcome>();

  const corrections = useMemo<PageCorrections | undefined>(
    () =>
      where && layout.data
        ? pageCorrections(annotations.data ?? [], where, layout.data)
        : undefined,
    [annotations.data, where, layout.data],
  );
  const correctedLines = useMemo(() => new Set(corrections?.lines.keys() ?? []), [corrections]);

  // An annotation newly chosen elsewhere (the list, the inspector) on another page: go
  // there, once; reading the annotations again must not pull the person back.
  const followed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (selected === followed.current) return;
    const chosen = annotations.data?.find((annotation) => annotation.id === selected);
    if (!chosen) return;
    followed.current = selected;
    if (chosen.anchor.kind !== 'region') return;
    const { asset, page } = chosen.anchor;
    const at = pages.findIndex((candidate) => candidate.scan === asset && candidate.page === page);
    if (at !== -1) setIndex(at);
  }, [selected, annotations.data, pages]);

  if (!where) return null;
  const go = (next: number) => {
    setIndex(next);
    setChosenLine(undefined);
    setEditingPage(false);
    setPending(undefined);
    setOutcome(undefined);
  };
  const chooseLine = (line: number) => {
    setChosenLine(line);
    const correction = corrections?.lines.get(line);
    if (correction) select(correction.id);
  };
  // A save that ends after another line was chosen closes only its own line.
  const closeLine = (line: number) =>
    setChosenLine((current) => (current === line ? undefined : current));

  return (
    <section className="page-workspace" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('workspace.pages.heading')}</h2>
      <nav className="page-nav" aria-label={t('workspace.pages.pages')}>
        <button type="button" onClick={() => go(index - 1)} disabled={index === 0}>
          ← {t('player.scans.previous')}
        </button>
        <select
          aria-label={t('player.scans.choose')}
          value={index}
          onChange={(event) => go(Number(event.target.value))}
        >
          {pages.map((page, at) => (
            <option key={`${page.scan} ${page.page}`} value={at}>
              {t('player.scans.page', { page: at + 1, count: pages.length })}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => go(index + 1)} disabled={index >= pages.length - 1}>
          {t('player.scans.next')} →
        </button>
      </nav>
      <p className="page-tools">
        <button type="button" aria-pressed={drawing} onClick={() => setDrawing(!drawing)}>
          {t('workspace.pages.draw')}
        </button>{' '}
        <button
          type="button"
          disabled={chosenLine === undefined || !layout.data}
          onClick={() => {
            const line = chosenLine === undefined ? undefined : layout.data?.lines[chosenLine];
            if (line && layout.data) setPending(regionOf(line.box, layout.data));
          }}
        >
          {t('workspace.pages.fromLine')}
        </button>{' '}
        <button
          type="button"
          aria-expanded={editingPage}
          disabled={!layout.data}
          onClick={() => setEditingPage(!editingPage)}
        >
          {t('workspace.pages.correctPage')}
        </button>
      </p>
      {drawing && <p className="muted small">{t('workspace.pages.drawHint')}</p>}
      <div className="scan-panes">
        <PageScan
          imageUrl={pageImageUrl(item.id, where.scan, where.page)}
          layout={layout.data}
          correctedLines={correctedLines}
          regions={corrections?.others ?? []}
          selected={selected}
          chosenLine={chosenLine}
          pending={pending}
          drawing={drawing}
          label={t('workspace.pages.scan', { page: index + 1 })}
          onDrawn={(box) => {
            setPending(box);
            setDrawing(false);
          }}
          onHit={(hit) => {
            if (hit.kind === 'region') select(hit.id);
            else chooseLine(hit.index);
          }}
        />
        <div className="page-side">
          {layout.isError && <p className="muted">{t('player.scans.noText')}</p>}
          {layout.data && corrections && (
            <>
              {editingPage ? (
                <PageTextEditor
                  key={draftKey(where, 'whole')}
                  item={item}
                  where={where}
                  text={pageText(layout.data, corrections)}
                  correction={corrections.page}
                  setOutcome={setOutcome}
                  onDone={() => setEditingPage(false)}
                />
              ) : (
                corrections.page && (
                  <div className="page-corrected" data-testid="page-corrected">
                    <p className="corrected-badge">{t('workspace.pages.pageCorrected')}</p>
                    <p className="page-corrected-text">{corrections.page.value}</p>
                  </div>
                )
              )}
              <LineList
                item={item}
                where={where}
                layout={layout.data}
                corrections={corrections}
                chosen={chosenLine}
                onChoose={chooseLine}
                onClose={closeLine}
                setOutcome={setOutcome}
              />
            </>
          )}
        </div>
      </div>
      <p
        role="status"
        className={outcome === undefined ? undefined : outcome.kind === 'saved' ? 'muted' : 'error'}
      >
        {outcome && t(`workspace.pages.outcome.${outcome.kind}`, { detail: outcome.detail })}
      </p>
      {pending && layout.data && (
        <RegionForm
          item={item}
          where={where}
          box={pending}
          size={layout.data}
          onBox={setPending}
          setOutcome={setOutcome}
          onSaved={(id, box) => {
            // A region drawn while this one was saving stays open for its own note.
            setPending((current) => (current === box ? undefined : current));
            select(id);
          }}
          onCancel={() => setPending(undefined)}
        />
      )}
      <RegionList
        collection={item.collection}
        regions={corrections?.others ?? []}
        selected={selected}
        onSelect={select}
      />
      <VocabularyEditor collection={item.collection} />
    </section>
  );
}

/** The OCR lines of the page, each correctable in place; corrected ones show their correction. */
function LineList({
  item,
  where,
  layout,
  corrections,
  chosen,
  onChoose,
  onClose,
  setOutcome,
}: {
  item: Item;
  where: PageRef;
  layout: PageLayout;
  corrections: PageCorrections;
  chosen: number | undefined;
  onChoose(line: number): void;
  onClose(line: number): void;
  setOutcome(outcome: Outcome): void;
}) {
  const { t } = useTranslation();
  if (layout.lines.length === 0) return <p className="muted">{t('player.scans.noText')}</p>;
  return (
    <ol className="ocr-lines workspace-lines" aria-label={t('workspace.pages.lines')}>
      {layout.lines.map((line, at) => {
        const correction = corrections.lines.get(at);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are in page order and have no id
          <li key={at} data-line={at} className={correction ? 'corrected' : undefined}>
            {chosen === at ? (
              <LineEditor
                item={item}
                where={where}
                index={at}
                box={regionOf(line.box, layout)}
                ocrText={line.text}
                correction={correction}
                setOutcome={setOutcome}
                onDone={() => onClose(at)}
              />
            ) : (
              <button
                type="button"
                className="line-button"
                title={t('workspace.pages.editLine', { line: at + 1 })}
                onClick={() => onChoose(at)}
              >
                <span className="visually-hidden">
                  {t('workspace.pages.line', { line: at + 1 })}:{' '}
                </span>
                {correction ? (
                  <>
                    <span className="corrected-badge">{t('workspace.pages.corrected')}</span>{' '}
                    <span className="line-text">{correction.value}</span>
                  </>
                ) : (
                  <span className="line-text">
                    {line.words.map((word, w) => {
                      const low = (word.confidence ?? 1) < UNCERTAIN_BELOW;
                      return (
                        // biome-ignore lint/suspicious/noArrayIndexKey: words are in line order
                        <span key={w}>
                          {w > 0 && ' '}
                          {low ? <span className="uncertain">{word.text}</span> : word.text}
                        </span>
                      );
                    })}
                  </span>
                )}
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** One line's text in place, prefilled with its correction or OCR text, kept as a draft. */
function LineEditor({
  item,
  where,
  index,
  box,
  ocrText,
  correction,
  setOutcome,
  onDone,
}: {
  item: Item;
  where: PageRef;
  index: number;
  box: Box;
  ocrText: string;
  correction: RegionAnnotation | undefined;
  setOutcome(outcome: Outcome): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const draft = useDraft(item.id, draftKey(where, `line:${index}`), correction?.value ?? ocrText);
  const save = useSave(item.id, setOutcome);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = draft.text;
    const value = typed.trim().normalize('NFC');
    if (value === '' || value === (correction?.value ?? ocrText)) {
      setOutcome({ kind: 'unchanged' });
      draft.clear();
      onDone();
      return;
    }
    setBusy(true);
    const saved = await save([
      correction
        ? { op: 'supersede', id: correction.id, value }
        : {
            op: 'add',
            type: 'correction',
            value,
            anchor: { kind: 'region', asset: where.scan, page: where.page, region: box },
          },
    ]);
    setBusy(false);
    // Typed on while saving: the line stays open with the newer text.
    if (saved && draft.clearIfStill(typed)) onDone();
  };
  return (
    <form className="line-editor" onSubmit={submit}>
      <label htmlFor={id}>{t('workspace.pages.line', { line: index + 1 })}</label>
      <input
        id={id}
        // biome-ignore lint/a11y/noAutofocus: the person asked to edit this line just now
        autoFocus
        value={draft.text}
        aria-describedby={`${id}-ocr`}
        onChange={(event) => draft.setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onDone();
        }}
      />
      <p id={`${id}-ocr`} className="muted small">
        {t('workspace.pages.ocrRead', { text: ocrText })}
        {draft.restored && ` ${t('workspace.pages.draftKept')}`}
      </p>
      <button type="submit" disabled={busy}>
        {t('workspace.pages.saveLine')}
      </button>{' '}
      <button type="button" onClick={onDone}>
        {t('workspace.pages.close')}
      </button>{' '}
      <button
        type="button"
        onClick={() => {
          draft.setText(correction?.value ?? ocrText);
          draft.clear();
        }}
      >
        {t('workspace.pages.discard')}
      </button>
    </form>
  );
}

/** The whole page's text: saved as a correction of the whole page, the page's text from then on. */
function PageTextEditor({
  item,
  where,
  text,
  correction,
  setOutcome,
  onDone,
}: {
  item: Item;
  where: PageRef;
  text: string;
  correction: RegionAnnotation | undefined;
  setOutcome(outcome: Outcome): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const draft = useDraft(item.id, draftKey(where, 'whole'), text);
  const save = useSave(item.id, setOutcome);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = draft.text;
    const value = typed.trim().normalize('NFC');
    if (value === '' || value === correction?.value) {
      setOutcome({ kind: 'unchanged' });
      return;
    }
    setBusy(true);
    const saved = await save([
      correction
        ? { op: 'supersede', id: correction.id, value }
        : {
            op: 'add',
            type: 'correction',
            value,
            anchor: { kind: 'region', asset: where.scan, page: where.page },
          },
    ]);
    setBusy(false);
    if (saved && draft.clearIfStill(typed)) onDone();
  };
  return (
    <form className="page-text-editor" onSubmit={submit}>
      <label htmlFor={id}>{t('workspace.pages.pageText')}</label>
      <textarea
        id={id}
        rows={Math.max(4, text.split('\n').length + 1)}
        value={draft.text}
        aria-describedby={`${id}-hint`}
        onChange={(event) => draft.setText(event.target.value)}
      />
      <p id={`${id}-hint`} className="muted small">
        {t('workspace.pages.pageTextHint')}
        {draft.restored && ` ${t('workspace.pages.draftKept')}`}
      </p>
      <button type="submit" disabled={busy}>
        {t('workspace.pages.savePage')}
      </button>{' '}
      <button type="button" onClick={onDone}>
        {t('workspace.pages.close')}
      </button>
    </form>
  );
}

/** The kinds of annotation a region of a page is given. */
const REGION_TYPES = ['ritual', 'symbol', 'note'] as const satisfies readonly AnnotationType[];

/** A rectangle of the page being annotated: its type, terms and note. */
function RegionForm({
  item,
  where,
  box,
  size,
  onBox,
  setOutcome,
  onSaved,
  onCancel,
}: {
  item: Item;
  where: PageRef;
  box: Box;
  size: { width: number; height: number };
  onBox(box: Box): void;
  setOutcome(outcome: Outcome): void;
  /** The region `box` was saved as annotation `id`. */
  onSaved(id: string, box: Box): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [type, setType] = useState<(typeof REGION_TYPES)[number]>('ritual');
  const [terms, setTerms] = useState<string[]>([]);
  const note = useDraft(item.id, draftKey(where, 'region'), '');
  const save = useSave(item.id, setOutcome);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = note.text;
    const value = typed.trim().normalize('NFC');
    if (value === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    const saved = await save([
      {
        op: 'add',
        type,
        value,
        terms,
        anchor: { kind: 'region', asset: where.scan, page: where.page, region: box },
      },
    ]);
    setBusy(false);
    if (saved) {
      // A note typed while saving is the next region's, and is kept.
      if (note.clearIfStill(typed)) note.reset();
      setTerms((chosen) => (chosen === terms ? [] : chosen));
      onSaved(saved, box);
    }
  };
  const field = (name: keyof Box, max: number) => (
    <span key={name}>
      <label htmlFor={`${id}-${name}`}>{t(`workspace.pages.region.${name}`)}</label>
      <input
        id={`${id}-${name}`}
        type="number"
        min={name === 'width' || name === 'height' ? 1 : 0}
        max={max}
        value={box[name]}
        onChange={(event) => {
          const next = Number(event.target.value);
          if (Number.isFinite(next)) onBox(regionOf({ ...box, [name]: next }, size));
        }}
      />
    </span>
  );
  return (
    <form
      className="region-form"
      onSubmit={submit}
      aria-label={t('workspace.pages.region.heading')}
    >
      <h3>{t('workspace.pages.region.heading')}</h3>
      <fieldset className="region-box-fields">
        <legend>{t('workspace.pages.region.where')}</legend>
        {field('x', size.width - 1)}
        {field('y', size.height - 1)}
        {field('width', size.width)}
        {field('height', size.height)}
      </fieldset>
      <label htmlFor={`${id}-type`}>{t('workspace.pages.region.type')}</label>
      <select
        id={`${id}-type`}
        value={type}
        onChange={(event) => setType(event.target.value as (typeof REGION_TYPES)[number])}
      >
        {REGION_TYPES.map((kind) => (
          <option key={kind} value={kind}>
            {t(`workspace.pages.type.${kind}`)}
          </option>
        ))}
      </select>
      <TermPicker
        collection={item.collection}
        value={terms}
        onChange={setTerms}
        label={t('workspace.pages.region.terms')}
      />
      <label htmlFor={`${id}-note`}>{t('workspace.pages.region.note')}</label>
      <textarea
        id={`${id}-note`}
        rows={3}
        value={note.text}
        aria-invalid={missing}
        aria-describedby={`${id}-note-hint`}
        onChange={(event) => note.setText(event.target.value)}
      />
      <p id={`${id}-note-hint`} className={missing ? 'error small' : 'muted small'}>
        {missing ? t('workspace.pages.region.noteMissing') : t('workspace.pages.region.noteHint')}
        {note.restored && ` ${t('workspace.pages.draftKept')}`}
      </p>
      <button type="submit" disabled={busy}>
        {t('workspace.pages.region.save')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('workspace.pages.region.cancel')}
      </button>
    </form>
  );
}

/** The page's region annotations, to choose one by keyboard as by a click on the page. */
function RegionList({
  collection,
  regions,
  selected,
  onSelect,
}: {
  collection: string;
  regions: readonly RegionAnnotation[];
  selected: string | undefined;
  onSelect(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const vocabulary = useVocabulary(collection);
  const labelOf = (termId: string) => {
    const term = vocabulary.data?.terms.find((candidate) => candidate.id === termId);
    return term ? mainLabel(term, i18n.language) : termId;
  };
  if (regions.length === 0) return null;
  return (
    <section className="region-list" aria-label={t('workspace.pages.regions')}>
      <h3>{t('workspace.pages.regions')}</h3>
      <ul>
        {regions.map((region) => (
          <li key={region.id}>
            <button
              type="button"
              aria-pressed={region.id === selected}
              onClick={() => onSelect(region.id)}
            >
              <span className={`region-type ${region.type}`}>
                {t(`workspace.pages.type.${region.type}`, { defaultValue: region.type })}
              </span>{' '}
              {region.value}
              {region.terms.length > 0 && (
                <span className="muted small"> ({region.terms.map(labelOf).join(', ')})</span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
