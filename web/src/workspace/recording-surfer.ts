import { type RefObject, useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.js';
import type { Waveform } from '../api/types';

/** The part of the recording the waveform shows, which the tier rows follow. */
export interface View {
  startMs: number;
  endMs: number;
  pxPerSec: number;
  /** Width of the visible waveform, in CSS pixels. */
  width: number;
}

export interface SurferEvents {
  /** Each moment the playhead moves; must not render React state (it comes often). */
  onTime(ms: number): void;
  onPlaying(playing: boolean): void;
  /** A span dragged across the waveform. */
  onSelect(startMs: number, endMs: number): void;
  /** An annotation's region resized on the waveform. */
  onResize(annotationId: string, startMs: number, endMs: number, side: 'start' | 'end'): void;
  onRegionClick(annotationId: string): void;
}

/** Regions of annotations are named so, apart from the dragged selection. */
export const regionIdOf = (annotationId: string) => `annotation:${annotationId}`;
const annotationIdOf = (regionId: string) =>
  regionId.startsWith('annotation:') ? regionId.slice('annotation:'.length) : undefined;
export const SELECTION_REGION = 'selection';

/** Narrowest zoom that still shows boxes one can read, in pixels per second. */
const MIN_PX_PER_SEC = 20;

/**
 * wavesurfer.js over the stored peaks (the audio only streams on play, as in the item
 * page's player), with the Regions plugin: dragging marks a span, an annotation's region
 * can be resized. The view (scroll and zoom) is the only state it renders with.
 */
export function useTierSurfer(
  waveform: Waveform,
  container: RefObject<HTMLDivElement | null>,
  media: RefObject<HTMLAudioElement | null>,
  events: SurferEvents,
) {
  const surfer = useRef<WaveSurfer | null>(null);
  const regions = useRef<RegionsPlugin | null>(null);
  const handlers = useRef(events);
  handlers.current = events;
  const [view, setView] = useState<View>({
    startMs: 0,
    endMs: waveform.duration * 1000,
    pxPerSec: 0,
    width: 0,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: one wavesurfer per waveform
  useEffect(() => {
    if (!container.current || !media.current) return;
    const width = container.current.clientWidth || 800;
    const fit = width / Math.max(waveform.duration, 0.001);
    const plugin = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container: container.current,
      media: media.current,
      peaks: waveform.peaks,
      duration: waveform.duration,
      height: 112,
      normalize: true,
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      waveColor: '#8c8577',
      progressColor: '#0b4f6c',
      cursorColor: '#c2410c',
      cursorWidth: 2,
      minPxPerSec: fit < MIN_PX_PER_SEC ? MIN_PX_PER_SEC : 0,
      autoScroll: true,
      plugins: [plugin],
    });
    surfer.current = ws;
    regions.current = plugin;
    // Scroll events come at each frame of playback: the view is set (and the rows drawn)
    // only when it moved by a whole pixel or changed its zoom or width.
    let drawn = { startMs: Number.NaN, endMs: 0, pxPerSec: 0, width: 0 };
    const measure = () => {
      const total = ws.getWrapper().scrollWidth || ws.getWidth();
      const pxPerSec = total / Math.max(waveform.duration, 0.001);
      const left = ws.getScroll();
      const shown = ws.getWidth();
      const next = {
        startMs: (left / pxPerSec) * 1000,
        endMs: ((left + shown) / pxPerSec) * 1000,
        pxPerSec,
        width: shown,
      };
      const same =
        Math.abs(drawn.startMs - next.startMs) * (pxPerSec / 1000) < 1 &&
        Math.abs(drawn.pxPerSec - next.pxPerSec) < 0.001 &&
        drawn.width === next.width;
      if (same) return;
      drawn = next;
      setView(next);
    };
    const disableDrag = plugin.enableDragSelection({
      id: SELECTION_REGION,
      color: 'rgba(194, 65, 12, 0.22)',
    });
    const subscriptions = [
      disableDrag,
      ws.on('timeupdate', (seconds) => handlers.current.onTime(seconds * 1000)),
      ws.on('play', () => handlers.current.onPlaying(true)),
      ws.on('pause', () => handlers.current.onPlaying(false)),
      ws.on('finish', () => handlers.current.onPlaying(false)),
      ws.on('ready', measure),
      ws.on('redraw', measure),
      ws.on('scroll', measure),
      ws.on('zoom', measure),
      ws.on('resize', measure),
      plugin.on('region-created', (region: Region) => {
        if (annotationIdOf(region.id) !== undefined) return;
        // Only one dragged selection at a time.
        for (const other of plugin.getRegions())
          if (other !== region && annotationIdOf(other.id) === undefined) other.remove();
        handlers.current.onSelect(region.start * 1000, region.end * 1000);
      }),
      plugin.on('region-updated', (region: Region, side) => {
        const id = annotationIdOf(region.id);
        if (id === undefined) handlers.current.onSelect(region.start * 1000, region.end * 1000);
        else handlers.current.onResize(id, region.start * 1000, region.end * 1000, side ?? 'end');
      }),
      plugin.on('region-clicked', (region: Region, event) => {
        const id = annotationIdOf(region.id);
        if (id === undefined) return;
        event.stopPropagation();
        handlers.current.onRegionClick(id);
      }),
    ];
    return () => {
      for (const unsubscribe of subscriptions) unsubscribe();
      ws.destroy();
      surfer.current = null;
      regions.current = null;
    };
  }, [waveform]);

  return { surfer, regions, view };
}
