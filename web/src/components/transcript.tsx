import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../api/types';
import { en } from '../i18n/en';
import { duration as clock } from '../text/format';

export type TimedLine = Annotation & {
  anchor: Extract<Annotation['anchor'], { kind: 'time' }>;
};

/** Kinds shown first, in this order; any other kind follows. */
const order = ['transcription', 'translation'];

/** The lines of one recording by kind (tier), each in time order. */
export function tiersOf(annotations: Annotation[], recording: string): [string, TimedLine[]][] {
  const tiers = new Map<string, TimedLine[]>();
  for (const annotation of annotations) {
    if (annotation.anchor.kind !== 'time' || annotation.anchor.asset !== recording) continue;
    const lines = tiers.get(annotation.type) ?? [];
    lines.push(annotation as TimedLine);
    tiers.set(annotation.type, lines);
  }
  for (const lines of tiers.values()) lines.sort((a, b) => a.anchor.startMs - b.anchor.startMs);
  const rank = (type: string) => (order.includes(type) ? order.indexOf(type) : order.length);
  return [...tiers].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The line playing at `ms`: the latest one that has started and not ended. */
function currentLine(lines: TimedLine[], ms: number): TimedLine | undefined {
  let found: TimedLine | undefined;
  for (const line of lines) {
    if (line.anchor.startMs > ms) break;
    if (ms < Math.max(line.anchor.endMs, line.anchor.startMs + 1)) found = line;
  }
  return found;
}

/**
 * Time-aligned lines beside the player, one column per kind (transcription, translation):
 * the line playing is marked and kept in view of its column; a line is a button that
 * plays from its start.
 */
export function Transcript({
  tiers,
  seconds,
  onSeek,
}: {
  tiers: [string, TimedLine[]][];
  seconds: number;
  onSeek(seconds: number): void;
}) {
  const { t } = useTranslation();
  const ms = seconds * 1000;
  if (tiers.length === 0) return <p className="muted">{t('player.transcript.none')}</p>;
  return (
    <div className="tiers">
      {tiers.map(([type, lines]) => (
        <Tier
          key={type}
          type={type}
          lines={lines}
          current={currentLine(lines, ms)?.id}
          onSeek={onSeek}
        />
      ))}
    </div>
  );
}

function Tier({
  type,
  lines,
  current,
  onSeek,
}: {
  type: string;
  lines: TimedLine[];
  current: string | undefined;
  onSeek(seconds: number): void;
}) {
  const { t } = useTranslation();
  const list = useRef<HTMLOListElement>(null);
  const headingId = `tier-${type}`;
  const name =
    type in en.player.transcript.type
      ? t(`player.transcript.type.${type as 'note'}`)
      : type.replace(/^./, (first) => first.toUpperCase());
  const machine = lines.find((line) => line.origin?.kind === 'machine')?.origin?.tool;

  // Keep the playing line in view of the column, without moving the page.
  useEffect(() => {
    const box = list.current;
    const line = current ? box?.querySelector<HTMLElement>(`[data-line="${current}"]`) : null;
    if (!box || !line) return;
    const top = line.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + line.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTo({ top: Math.max(0, top - box.clientHeight / 3), behavior: 'smooth' });
  }, [current]);

  return (
    <section className="tier" aria-labelledby={headingId}>
      <h4 id={headingId}>{name}</h4>
      {machine && (
        <p className="muted small">{t('player.transcript.byMachine', { tool: machine })}</p>
      )}
      <ol className="tier-lines" ref={list}>
        {lines.map((line) => {
          const playing = line.id === current;
          const start = line.anchor.startMs / 1000;
          return (
            <li key={line.id} data-line={line.id} className={playing ? 'current' : undefined}>
              <button
                type="button"
                onClick={() => onSeek(start)}
                aria-current={playing ? 'true' : undefined}
                title={t('player.transcript.jump', { time: clock(start) })}
              >
                <time className="line-time" dateTime={`PT${start.toFixed(3)}S`}>
                  {clock(start)}
                </time>
                <span className="line-text">{line.value}</span>
                {playing && (
                  <span className="visually-hidden"> ({t('player.transcript.now')})</span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
