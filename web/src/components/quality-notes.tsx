import { useTranslation } from 'react-i18next';
import type { Item } from '../api/types';
import { en } from '../i18n/en';

type FlagCode = keyof typeof en.player.quality.flag;

/** The audio flags an event's detail names (`...; flags: clipping, dc-offset`), staff only. */
function flagsOf(detail: string | null | undefined): string[] {
  const match = /flags: ([a-z, -]+)$/.exec(detail ?? '');
  return match?.[1] ? match[1].split(',').map((code) => code.trim()) : [];
}

/**
 * What the preparation of the files found wrong, in words: audio warnings (clipping and
 * the like, named when the caller may read the event's detail) and OCR pages whose mean
 * confidence fell below the review threshold.
 */
export function QualityNotes({ item }: { item: Item }) {
  const { t } = useTranslation();
  const audioWarnings = item.events.filter(
    (event) => event.type === 'normalization' && event.outcome === 'warning',
  );
  const flags = [...new Set(audioWarnings.flatMap((event) => flagsOf(event.detail)))];
  const review = new Map<string, number[]>();
  for (const asset of item.assets) {
    const { format, needsReview, page, derivedFrom } = asset.technical;
    if (format !== 'alto' || needsReview !== true || typeof page !== 'number') continue;
    const scan = String(derivedFrom ?? '');
    review.set(scan, [...(review.get(scan) ?? []), page]);
  }
  const notes: string[] = [];
  if (audioWarnings.length > 0) {
    notes.push(t('player.quality.audio'));
    for (const code of flags)
      notes.push(
        code in en.player.quality.flag ? t(`player.quality.flag.${code as FlagCode}`) : code,
      );
    if (flags.length === 0) notes.push(t('player.quality.audioStaff'));
  }
  for (const [scan, pages] of review) {
    const list = pages.sort((a, b) => a - b).join(', ');
    const which = t('player.quality.ocrPage', { count: pages.length, list });
    notes.push(`${t('player.quality.ocr', { pages: which })} (${scan.split('/').pop()})`);
  }
  return (
    <section aria-labelledby="quality-heading">
      <h2 id="quality-heading">{t('player.quality.heading')}</h2>
      {notes.length === 0 ? (
        <p className="muted">{t('player.quality.none')}</p>
      ) : (
        <ul className="quality-notes" data-testid="quality-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
