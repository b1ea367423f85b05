import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnotations, useWaveform } from '../api/queries';
import type { Item } from '../api/types';
import { type MediaPlan, PLAYER_PEAKS, type ScanPage } from '../items/item-media-plan';
import type { RecordingTrack } from '../items/recording-tracks';
import { FileProblem, problemOfError } from './file-problem';
import { Loading } from './query-state';
import { type PlayerHandle, RecordingPlayer } from './recording-player';
import { ScanViewer } from './scan-viewer';
import { Transcript, tiersOf } from './transcript';

/** The item's recordings and scans: the player with its transcript, and the scan viewer. */
export function ItemMedia({ item, plan }: { item: Item; plan: MediaPlan }) {
  return (
    <>
      {plan.tracks.length > 0 && (
        <Listen
          itemId={item.id}
          tracks={plan.tracks}
          firstTrack={plan.firstTrack}
          startAt={plan.startAt}
        />
      )}
      {plan.pages.length > 0 && (
        <ScansSection
          itemId={item.id}
          pages={plan.pages}
          initialIndex={plan.firstPageIndex}
          hitLine={plan.hitLine}
        />
      )}
    </>
  );
}

function Listen({
  itemId,
  tracks,
  firstTrack,
  startAt,
}: {
  itemId: string;
  tracks: RecordingTrack[];
  firstTrack: RecordingTrack | undefined;
  startAt: number | undefined;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(() =>
    Math.max(0, firstTrack ? tracks.indexOf(firstTrack) : 0),
  );
  const track = tracks[chosen] ?? tracks[0];
  const waveform = useWaveform(itemId, track?.recording, track?.track ?? 0, PLAYER_PEAKS);
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
