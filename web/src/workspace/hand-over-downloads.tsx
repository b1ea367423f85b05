import { useTranslation } from 'react-i18next';
import type { Item } from '../api/types';
import { exportFileName, exportUrl, type HandOverFormat } from './hand-over-api';

const formats: HandOverFormat[] = ['eaf', 'textgrid'];

/**
 * Links that download the item's current annotations as an ELAN and a Praat file, one
 * pair per recording. Secret/sacred annotations never leave the archive, so their items
 * offer none.
 */
export function HandOverDownloads({ item }: { item: Item }) {
  const { t } = useTranslation();
  const recordings = item.assets.filter((asset) => asset.role === 'recording');
  if (item.accessProtocol === 'secret-sacred')
    return <p className="muted">{t('workspace.handover.download.secret')}</p>;
  if (recordings.length === 0)
    return <p className="muted">{t('workspace.handover.download.noRecording')}</p>;
  return (
    <ul className="hand-over-downloads">
      {recordings.map((recording) => (
        <li key={recording.path}>
          {recordings.length > 1 && (
            <span>
              {t('workspace.handover.download.recording', {
                name: recording.path.split('/').pop(),
              })}
              :{' '}
            </span>
          )}
          {formats.map((format) => {
            const name = exportFileName(recording.path, format);
            return (
              <a
                key={format}
                className="hand-over-link"
                href={exportUrl(
                  item.id,
                  format,
                  recordings.length > 1 ? recording.path : undefined,
                )}
                download={name}
              >
                {t(`workspace.handover.download.${format}`, { name })}
              </a>
            );
          })}
        </li>
      ))}
    </ul>
  );
}
