import OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Box, PageLayout } from '../api/types';
import { UNCERTAIN_BELOW } from '../components/scan-viewer';
import {
  boxOf,
  dragRectangle,
  hitAt,
  type PageHit,
  type RegionAnnotation,
} from './page-corrections';

/**
 * A scanned page in OpenSeadragon with what the workspace knows drawn over it: every
 * OCR word's box (uncertain words marked), corrected lines, the chosen line, region
 * annotations (the chosen one marked) and the rectangle being made. A click picks a
 * region or a line; in drawing mode a drag makes a rectangle instead of panning.
 */
export function PageScan({
  imageUrl,
  layout,
  correctedLines,
  regions,
  selected,
  chosenLine,
  pending,
  drawing,
  label,
  onDrawn,
  onHit,
}: {
  imageUrl: string;
  layout: PageLayout | undefined;
  correctedLines: ReadonlySet<number>;
  regions: readonly RegionAnnotation[];
  selected: string | undefined;
  chosenLine: number | undefined;
  pending: Box | undefined;
  drawing: boolean;
  label: string;
  onDrawn(box: Box): void;
  onHit(hit: PageHit): void;
}) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const viewer = useRef<OpenSeadragon.Viewer | null>(null);
  const [opened, setOpened] = useState(0);
  // The handlers are bound once; they read the latest props through this.
  const latest = useRef({ layout, regions, drawing, onDrawn, onHit });
  latest.current = { layout, regions, drawing, onDrawn, onHit };

  useEffect(() => {
    if (!element.current) return;
    const osd = OpenSeadragon({
      element: element.current,
      showNavigationControl: false,
      visibilityRatio: 0.5,
      gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: false },
    });
    osd.canvas.setAttribute('role', 'img');
    let start: OpenSeadragon.Point | undefined;
    const preview = document.createElement('div');
    preview.className = 'region-box drawing';
    const toImage = (position: OpenSeadragon.Point) =>
      osd.viewport.viewerElementToImageCoordinates(position);
    osd.addHandler('open', () => setOpened((count) => count + 1));
    osd.addHandler('canvas-press', (event) => {
      if (!latest.current.drawing) return;
      start = toImage((event as OpenSeadragon.CanvasPressEvent).position);
    });
    osd.addHandler('canvas-drag', (event) => {
      const drag = event as OpenSeadragon.CanvasDragEvent;
      const size = latest.current.layout;
      if (!latest.current.drawing || !start || !size) return;
      // Drawing, not panning.
      drag.preventDefaultAction = true;
      const box = dragRectangle(start, toImage(drag.position), size);
      if (!box) return;
      const rect = osd.viewport.imageToViewportRectangle(box.x, box.y, box.width, box.height);
      if (preview.parentElement) osd.updateOverlay(preview, rect);
      else osd.addOverlay({ element: preview, location: rect });
    });
    osd.addHandler('canvas-release', (event) => {
      const size = latest.current.layout;
      if (!latest.current.drawing || !start || !size) return;
      const box = dragRectangle(
        start,
        toImage((event as OpenSeadragon.CanvasReleaseEvent).position),
        size,
      );
      start = undefined;
      if (preview.parentElement) osd.removeOverlay(preview);
      if (box) latest.current.onDrawn(box);
    });
    osd.addHandler('canvas-click', (event) => {
      const click = event as OpenSeadragon.CanvasClickEvent;
      const { layout: page, regions: shown, drawing: isDrawing } = latest.current;
      if (!click.quick || isDrawing || !page) return;
      const hit = hitAt(toImage(click.position), shown, page.lines);
      if (hit) latest.current.onHit(hit);
    });
    viewer.current = osd;
    return () => {
      osd.destroy();
      viewer.current = null;
    };
  }, []);

  useEffect(() => {
    viewer.current?.open({ type: 'image', url: imageUrl } as never);
  }, [imageUrl]);

  useEffect(() => {
    viewer.current?.canvas.setAttribute('aria-label', label);
  }, [label]);

  useEffect(() => {
    const osd = viewer.current;
    if (!osd) return;
    // The drag handler stops panning while drawing; the cursor says so.
    element.current?.classList.toggle('drawing', drawing);
  }, [drawing]);

  useEffect(() => {
    const osd = viewer.current;
    if (!osd || opened === 0) return;
    osd.clearOverlays();
    if (!layout) return;
    osd.viewport.setRotation(layout.rotation, true);
    // Boxes refer to the page as OCR turned it; drawn only when that is the page as shown.
    if (layout.rotation !== 0) return;
    const add = (box: Box, className: string, testId?: string) => {
      const overlay = document.createElement('div');
      overlay.className = className;
      if (testId) overlay.dataset.testid = testId;
      osd.addOverlay({
        element: overlay,
        location: osd.viewport.imageToViewportRectangle(box.x, box.y, box.width, box.height),
      });
    };
    layout.lines.forEach((line, index) => {
      const corrected = correctedLines.has(index);
      if (corrected || index === chosenLine)
        add(
          line.box,
          `ocr-line${corrected ? ' corrected' : ''}${index === chosenLine ? ' chosen' : ''}`,
          corrected ? 'corrected-line' : undefined,
        );
      // A corrected line's words are no longer what the page says: no word boxes.
      if (corrected) return;
      for (const word of line.words) {
        const low = (word.confidence ?? 1) < UNCERTAIN_BELOW;
        add(word.box, low ? 'ocr-word uncertain' : 'ocr-word', low ? 'uncertain-word' : 'ocr-word');
      }
    });
    for (const region of regions)
      add(
        boxOf(region),
        `region-box ${region.type}${region.id === selected ? ' selected' : ''}`,
        'region-box',
      );
    if (pending) add(pending, 'region-box drawing', 'pending-region');
  }, [layout, correctedLines, regions, selected, chosenLine, pending, opened]);

  const zoom = (factor: number) => viewer.current?.viewport.zoomBy(factor);
  return (
    <div className="page-scan">
      <p className="zoom-buttons">
        <button type="button" onClick={() => zoom(1.5)}>
          {t('player.scans.zoomIn')}
        </button>
        <button type="button" onClick={() => zoom(1 / 1.5)}>
          {t('player.scans.zoomOut')}
        </button>
        <button type="button" onClick={() => viewer.current?.viewport.goHome()}>
          {t('player.scans.fit')}
        </button>
      </p>
      <div className="scan-image" ref={element} data-testid="workspace-scan" />
    </div>
  );
}
