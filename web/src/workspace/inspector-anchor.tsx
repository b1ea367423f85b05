import { useTranslation } from 'react-i18next';
import type { Anchor } from '../api/types';
import { assetName, clockTime } from '../text/format';

/** Where an annotation is, in words: a stretch of a recording, a page or its box, the item. */
export function AnchorInWords({ anchor }: { anchor: Anchor }) {
  const { t } = useTranslation();
  const key = 'workspace.annotations.anchor';
  if (anchor.kind === 'time')
    return (
      <>
        {t(`${key}.time`, {
          start: clockTime(anchor.startMs, 1),
          end: clockTime(anchor.endMs, 1),
          asset: assetName(anchor.asset),
        })}
      </>
    );
  if (anchor.kind === 'region')
    return (
      <>
        {anchor.width > 0 && anchor.height > 0
          ? t(`${key}.regionBox`, {
              page: anchor.page,
              asset: assetName(anchor.asset),
              x: Math.round(anchor.x),
              y: Math.round(anchor.y),
              width: Math.round(anchor.width),
              height: Math.round(anchor.height),
            })
          : t(`${key}.region`, { page: anchor.page, asset: assetName(anchor.asset) })}
      </>
    );
  return <>{t(`${key}.item`)}</>;
}

/** The anchor as the list's short mark: `0:00.4–0:03.0`, `p. 2`, or `—` for the whole item. */
export function shortAnchor(anchor: Anchor): string {
  if (anchor.kind === 'time')
    return `${clockTime(anchor.startMs, 1)}–${clockTime(anchor.endMs, 1)}`;
  if (anchor.kind === 'region') return `p. ${anchor.page}`;
  return '—';
}
