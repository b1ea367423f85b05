import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAnnotations, useWaveform } from '../api/queries';
import type { Item } from '../api/types';
import { FileProblem, problemOfError } from './file-problem';
import { Loading } from './query-state';
import { type PlayerHandle, RecordingPlayer } from './recording-player';
import { type ScanPage, ScanViewer } from './scan-viewer';
import { Transcript, tiersOf } from './transcript';

interface Track {
  recording: string;
  track: number;
}

/** The recordings of an item that have stored peaks: what the player can draw. */
function tracksOf(item: Item): Track[] {
  return item.assets
    .filter(
      (asset) => asset.technical.use === 'peaks' && typeof asset.technical.derivedFrom === 'string',
    )
    .map((asset) => ({
      recording: asset.technical.derivedFrom as string,
      track: typeof asset.technical.audioIndex === 'number' ? asset.technical.audioIndex : 0,
    }));
}

/** Every page of every scan of an item, in the item's order, with who read its text. */
function pagesOf(item: Item): ScanPage[] {
  const agents = new Map<string, string>();
  for (const asset of item.assets) {
    const { format, derivedFrom, derivation } = asset.technical;
    const agent = (derivation as { agent?: unknown } | undefined)?.agent;
    if (format === 'alto' && typeof derivedFrom === 'string' && typeof agent === 'string')
      agents.set(derivedFrom, agent);
  }
  return item.assets
    .filter((asset) => asset.role === 'scan')
    .flatMap((asset) => {
      const count = typeof asset.technical.pages === 'number' ? asset.technical.pages : 1;
      return Array.from({ length: count }, (_, at) => ({
        scan: asset.path,
        page: at + 1,
        ocrTool: agents.get(asset.path),
      }));
    });
}

const whole = (text: string | null) =>
  text !== null && /^\d+$/.test(text) ? Number(text) : undefined;

/**
 * The item's recordings and scans: the player with its transcript, and the scan viewer.
 * `?t=<ms>&asset=<recording>` opens a recording at a moment, `?asset=<scan>&page=&line=`
 * a scan at a page and line, as search hits link them.
 */
export function ItemMedia({ item }: { item: Item }) {
  const [parameters] = useSearchParams();
  const asset = parameters.get('asset') ?? undefined;
  const tracks = useMemo(() => tracksOf(item), [item]);
  const pages = useMemo(() => pagesOf(item), [item]);
  const startMs = whole(parameters.get('t'));
  const page = whole(parameters.get('page'));
  const line = whole(parameters.get('line'));
  const pageIndex =
    page === undefined
      ? 0
      : Math.max(
          0,
          pages.findIndex((p) => p.page === page && (asset === undefined || p.scan === asset)),
        );
  return (
    <>
      {tracks.length > 0 && (
        <Listen
          itemId={item.id}
          tracks={tracks}
          asset={asset}
          startAt={startMs === undefined ? undefined : startMs / 1000}
        />
      )}
      {pages.length > 0 && (
        <ScansSection
          itemId={item.id}
          pages={pages}
          initialIndex={pageIndex}
          hitLine={page === undefined ? undefined : line}
        />
      )}
    </>
  );
}

function Listen({
  itemId,
  tracks,
  asset,
  startAt,
}: {
  itemId: string;
  tracks: Track[];
  asset: string | undefined;
  startAt: number | undefined;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(() =>
    Math.max(
      0,
      tracks.findIndex((track) => track.recording === asset),
    ),
  );
  const track = tracks[chosen] ?? tracks[0];
  const waveform = useWaveform(itemId, track?.recording, track?.track ?? 0);
  const annotations = useAnnotations(itemId);
  const player = useRef<PlayerHandle>(null);
  const [seconds, setSeconds] = useState(startAt ?? 0);
  const tiers = useMemo(
    () => (track && annotations.data ? tiersOf(annotations.data, track.recording) : []),
    [annotations.data, track],
  );
  const seek = (to: number) => {
    player.current?.seek(to);
    setSeconds(to);
  };

  return (
    <section aria-labelledby="listen-heading" className="listen">
      <h2 id="listen-heading">{t('player.listen')}</h2>
      {tracks.length > 1 && (
        <label className="recording-choice">
          {t('player.recording')}{' '}
          <select value={chosen} onChange={(event) => setChosen(Number(event.target.value))}>
            {tracks.map((option, at) => (
              <option key={`${option.recording} ${option.track}`} value={at}>
                {option.recording.split('/').pop()}
                {option.track > 0 ? ` (${option.track + 1})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {waveform.isPending ? (
        <Loading />
      ) : waveform.isError ? (
        problemOfError(waveform.error) === 'missing' ? (
          <p className="muted">{t('player.noWaveform')}</p>
        ) : (
          <FileProblem problem={problemOfError(waveform.error)} />
        )
      ) : (
        <RecordingPlayer
          key={`${waveform.data.recording} ${waveform.data.track}`}
          ref={player}
          waveform={waveform.data}
          startAt={startAt}
          onTime={setSeconds}
        />
      )}
      <section aria-labelledby="transcript-heading" className="transcript">
        <h3 id="transcript-heading">{t('player.transcript.heading')}</h3>
        {annotations.isPending ? (
          <Loading />
        ) : annotations.isError ? (
          <FileProblem problem={problemOfError(annotations.error)} />
        ) : (
          <Transcript tiers={tiers} seconds={seconds} onSeek={seek} />
        )}
      </section>
    </section>
  );
}

function ScansSection(props: {
  itemId: string;
  pages: ScanPage[];
  initialIndex: number;
  hitLine: number | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="scans-heading" className="scans">
      <h2 id="scans-heading">{t('player.scans.heading')}</h2>
      <ScanViewer {...props} />
    </section>
  );
}
