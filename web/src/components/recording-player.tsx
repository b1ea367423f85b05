import {
  forwardRef,
  type KeyboardEvent,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import WaveSurfer from 'wavesurfer.js';
import type { Waveform } from '../api/types';
import { duration as clock } from '../text/format';
import { FileProblem, fileProblemOf } from './file-problem';

export interface PlayerHandle {
  /** Moves to `seconds`; playing goes on if it was playing. */
  seek(seconds: number): void;
}

interface Props {
  waveform: Waveform;
  /** Where to start (a search hit's moment), in seconds. */
  startAt?: number;
  /** Called as the position changes, a tenth of a second at a time. */
  onTime(seconds: number): void;
}

/** Seconds the arrow keys move. */
const STEP = 5;

/**
 * The access copy in an `<audio>` element with wavesurfer.js drawing the stored peaks
 * over it: given `peaks` and `duration`, wavesurfer never fetches or decodes the file, and
 * `preload="none"` keeps the browser from fetching it before play; playing then streams
 * it with HTTP ranges. The waveform takes clicks; a slider and keys do the same by keyboard.
 */
export const RecordingPlayer = forwardRef<PlayerHandle, Props>(function RecordingPlayer(
  { waveform, startAt, onTime },
  handle,
) {
  const { t } = useTranslation();
  const media = useRef<HTMLAudioElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  const reported = useRef(-1);
  const onTimeNow = useRef(onTime);
  onTimeNow.current = onTime;
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(startAt ?? 0);
  const [problem, setProblem] = useState<string>();
  const total = waveform.duration;
  const url = waveform.audio?.url;

  const report = (seconds: number) => {
    setTime(seconds);
    const tenth = Math.floor(seconds * 10);
    if (tenth !== reported.current) {
      reported.current = tenth;
      onTimeNow.current(seconds);
    }
  };

  const seek = (seconds: number) => {
    const at = Math.min(Math.max(seconds, 0), total);
    if (surfer.current) surfer.current.setTime(at);
    else if (media.current) media.current.currentTime = at;
    report(at);
  };

  useImperativeHandle(handle, () => ({ seek }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: one wavesurfer per waveform; startAt is read once
  useEffect(() => {
    if (!container.current || !media.current || !url) return;
    const audio = media.current;
    const ws = WaveSurfer.create({
      container: container.current,
      media: audio,
      peaks: waveform.peaks,
      duration: total,
      height: 96,
      normalize: true,
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      waveColor: '#8c8577',
      progressColor: '#0b4f6c',
      cursorColor: '#c2410c',
      cursorWidth: 2,
      dragToSeek: true,
    });
    surfer.current = ws;
    const subscriptions = [
      ws.on('timeupdate', report),
      ws.on('play', () => setPlaying(true)),
      ws.on('pause', () => setPlaying(false)),
      ws.on('finish', () => setPlaying(false)),
      ws.on('ready', () => {
        if (startAt) seek(startAt);
      }),
    ];
    const failed = async () => setProblem(await fileProblemOf(url));
    audio.addEventListener('error', failed);
    return () => {
      for (const unsubscribe of subscriptions) unsubscribe();
      audio.removeEventListener('error', failed);
      ws.destroy();
      surfer.current = null;
    };
  }, [waveform]);

  const toggle = () => {
    const audio = media.current;
    if (!audio) return;
    if (audio.paused)
      // A failed source is told by the element's `error` event, with the API's reason.
      void audio.play().catch((error: unknown) => {
        if (!audio.error) setProblem(String(error));
      });
    else audio.pause();
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    // Buttons keep their own keys; the slider keeps Home and End, its arrows move 5 seconds.
    if (target.tagName === 'BUTTON') return;
    if (event.key === ' ') {
      event.preventDefault();
      toggle();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      seek(time + (event.key === 'ArrowLeft' ? -STEP : STEP));
    }
  };

  if (!url) return <p className="muted">{t('player.noAccessCopy')}</p>;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keys of the controls inside, handled once for all of them
    <div className="player" onKeyDown={onKey}>
      {/* The element plays; its own controls are hidden for the buttons below. */}
      {/* biome-ignore lint/a11y/useMediaCaption: the transcript beside the player is the text of the recording */}
      <audio ref={media} src={url} preload="none" />
      <div
        ref={container}
        className="waveform"
        data-testid="waveform"
        role="img"
        aria-label={t('player.waveform')}
      />
      <div className="player-controls">
        <button type="button" className="play" onClick={toggle}>
          {playing ? t('player.pause') : t('player.play')}
        </button>
        <label className="position">
          <span className="visually-hidden">{t('player.position')}</span>
          <input
            type="range"
            min={0}
            max={Math.ceil(total)}
            step={1}
            value={Math.round(time)}
            aria-valuetext={t('player.time', { current: clock(time), total: clock(total) })}
            onChange={(event) => seek(Number(event.target.value))}
          />
        </label>
        <span className="player-time" data-testid="player-time">
          <time dateTime={`PT${time.toFixed(1)}S`}>{clock(time)}</time>
          {' / '}
          <time dateTime={`PT${total.toFixed(1)}S`}>{clock(total)}</time>
        </span>
      </div>
      <p className="muted small">
        {t('player.duration', { value: clock(total) })} · {t('player.keys')}
      </p>
      {problem && <FileProblem problem={problem} />}
    </div>
  );
});
