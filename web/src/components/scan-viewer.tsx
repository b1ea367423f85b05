import OpenSeadragon from 'openseadragon';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pageImageUrl } from '../api/client';
import { usePageLayout } from '../api/queries';
import type { Box, PageLayout } from '../api/types';
import type { ScanPage } from '../items/item-media-plan';
import { FileProblem, fileProblemOf, type Problem, problemOfError } from './file-problem';

/** Words below this confidence (0 to 1) are marked uncertain. */
export const UNCERTAIN_BELOW = 0.6;

/**
 * A scanned page in OpenSeadragon (zoom and pan by mouse, touch and keys, and buttons),
 * its OCR text beside it, pages one after another. A line chosen in the text (or the
 * line a search hit names) is outlined on the image and marked in the text.
 */
export function ScanViewer({
  itemId,
  pages,
  initialIndex,
  hitLine,
}: {
  itemId: string;
  pages: ScanPage[];
  initialIndex: number;
  /** The line (from 1) of the first page shown that a search hit names. */
  hitLine?: number;
}) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(initialIndex);
  const [chosen, setChosen] = useState<number | undefined>(
    hitLine === undefined ? undefined : hitLine - 1,
  );
  const [foundLine, setFoundLine] = useState(hitLine === undefined ? undefined : hitLine - 1);
  const [imageProblem, setImageProblem] = useState<Problem>();
  const [opened, setOpened] = useState(0);
  const element = useRef<HTMLDivElement>(null);
  const viewer = useRef<OpenSeadragon.Viewer | null>(null);
  const current = pages[index] ?? pages[0];
  const layout = usePageLayout(itemId, current?.scan, current?.page ?? 1);
  const imageUrl = current ? pageImageUrl(itemId, current.scan, current.page) : undefined;

  useEffect(() => {
    if (!element.current) return;
    const osd = OpenSeadragon({
      element: element.current,
      showNavigationControl: false,
      visibilityRatio: 0.5,
      gestureSettingsMouse: { clickToZoom: false },
    });
    osd.addHandler('open', () => {
      setImageProblem(undefined);
      setOpened((count) => count + 1);
    });
    osd.addHandler('open-failed', async (event) => {
      const source = (event as unknown as { source?: { url?: string } | string }).source;
      const url = typeof source === 'string' ? source : source?.url;
      setImageProblem(url ? await fileProblemOf(url) : 'missing');
    });
    // The canvas takes the keys (arrows, + and -, 0): name it for those who cannot see it.
    osd.canvas.setAttribute('role', 'img');
    viewer.current = osd;
    return () => {
      osd.destroy();
      viewer.current = null;
    };
  }, []);

  useEffect(() => {
    if (imageUrl) viewer.current?.open({ type: 'image', url: imageUrl } as never);
  }, [imageUrl]);

  useEffect(() => {
    viewer.current?.canvas.setAttribute(
      'aria-label',
      t('player.scans.viewer', { page: index + 1 }),
    );
  }, [index, t]);

  // The chosen line's box on the image, once both the image and its layout are there.
  useEffect(() => {
    const osd = viewer.current;
    if (!osd || opened === 0) return;
    osd.clearOverlays();
    const data = layout.data;
    if (!data) return;
    // Every page sets its own turn, so an upright page after a turned one is upright again.
    osd.viewport.setRotation(data.rotation, true);
    const line = chosen === undefined ? undefined : data.lines[chosen];
    // Boxes refer to the page as OCR turned it; drawn only when that is the page as shown.
    if (!line || data.rotation !== 0) return;
    const outline = document.createElement('div');
    outline.className = 'line-outline';
    outline.dataset.testid = 'line-outline';
    osd.addOverlay({ element: outline, location: rectangle(osd, line.box) });
  }, [layout.data, chosen, opened]);

  const go = (next: number) => {
    setIndex(next);
    setChosen(undefined);
    setFoundLine(undefined);
  };
  const zoom = (factor: number) => viewer.current?.viewport.zoomBy(factor);
  const count = pages.length;

  return (
    <div className="scan-viewer">
      <nav className="page-nav" aria-label={t('player.scans.pages')}>
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
              {t('player.scans.page', { page: at + 1, count })}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => go(index + 1)} disabled={index >= count - 1}>
          {t('player.scans.next')} →
        </button>
        <span className="zoom-buttons">
          <button type="button" onClick={() => zoom(1.5)}>
            {t('player.scans.zoomIn')}
          </button>
          <button type="button" onClick={() => zoom(1 / 1.5)}>
            {t('player.scans.zoomOut')}
          </button>
          <button type="button" onClick={() => viewer.current?.viewport.goHome()}>
            {t('player.scans.fit')}
          </button>
        </span>
      </nav>
      <div className="scan-panes">
        <div className="scan-image" ref={element} data-testid="scan-image" />
        <PageText
          layout={layout.data}
          error={layout.error}
          tool={current?.ocrTool}
          chosen={chosen}
          found={foundLine}
          onChoose={setChosen}
        />
      </div>
      {imageProblem && <FileProblem problem={imageProblem} />}
    </div>
  );
}

function rectangle(osd: OpenSeadragon.Viewer, box: Box): OpenSeadragon.Rect {
  return osd.viewport.imageToViewportRectangle(box.x, box.y, box.width, box.height);
}

/** The OCR text of the page, line by line, uncertain words marked in words as well as looks. */
function PageText({
  layout,
  error,
  tool,
  chosen,
  found,
  onChoose,
}: {
  layout: PageLayout | undefined;
  error: unknown;
  tool: string | undefined;
  chosen: number | undefined;
  found: number | undefined;
  onChoose(line: number): void;
}) {
  const { t } = useTranslation();
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (found === undefined || !layout) return;
    list.current
      ?.querySelector<HTMLElement>(`[data-line="${found}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [found, layout]);

  let body: ReactNode;
  if (error) {
    const problem = problemOfError(error);
    body =
      problem === 'missing' ? (
        <p className="muted">{t('player.scans.noText')}</p>
      ) : (
        <FileProblem problem={problem} />
      );
  } else if (!layout) body = <p className="muted">…</p>;
  else if (layout.correctedText !== null)
    body = (
      <>
        <p className="muted small">{t('player.scans.corrected')}</p>
        <p className="corrected-page-text" data-testid="corrected-page-text">
          {layout.correctedText}
        </p>
      </>
    );
  else if (layout.lines.length === 0) body = <p className="muted">{t('player.scans.noText')}</p>;
  else {
    const uncertain = layout.lines.some((line) =>
      line.words.some((word) => (word.confidence ?? 1) < UNCERTAIN_BELOW),
    );
    body = (
      <>
        <p className="muted small">
          {tool ? t('player.scans.ocr', { tool }) : t('player.scans.ocrUnnamed')}{' '}
          {layout.meanConfidence !== null &&
            t('player.scans.confidence', { value: Math.round(layout.meanConfidence) })}
        </p>
        {layout.needsReview && (
          <p className="warning" data-testid="ocr-review">
            {t('player.scans.review')}
          </p>
        )}
        {uncertain && <p className="muted small">{t('player.scans.uncertainWords')}</p>}
        <ol className="ocr-lines" ref={list}>
          {layout.lines.map((line, at) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are in page order and have no id
            <li key={at} data-line={at} className={at === found ? 'found' : undefined}>
              <button
                type="button"
                aria-pressed={at === chosen}
                title={t('player.scans.show', { line: at + 1 })}
                onClick={() => onChoose(at)}
              >
                {at === found && (
                  <strong className="found-label">{t('player.scans.found')}: </strong>
                )}
                {line.words.map((word, w) => {
                  const low = (word.confidence ?? 1) < UNCERTAIN_BELOW;
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: words are in line order
                    <span key={w}>
                      {w > 0 && ' '}
                      {low ? (
                        <span className="uncertain">
                          {word.text}
                          <span className="visually-hidden"> ({t('player.scans.uncertain')})</span>
                        </span>
                      ) : (
                        word.text
                      )}
                    </span>
                  );
                })}
              </button>
            </li>
          ))}
        </ol>
      </>
    );
  }
  return (
    <section className="page-text" aria-label={t('player.scans.text')}>
      {body}
    </section>
  );
}
