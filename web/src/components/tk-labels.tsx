import { useTranslation } from 'react-i18next';
import { en } from '../i18n/en';

/** `TK Secret / Sacred` and `tk-secret-sacred` both as `tksecretsacred`, the key of its words. */
function labelKey(label: string): string {
  return label.toLowerCase().replace(/[^a-z]/g, '');
}

const described = new Set(Object.keys(en.tk.label));

/** Local Contexts labels as short tags, for lists. */
export function TkLabelTags({ labels }: { labels: readonly string[] }) {
  const { t } = useTranslation();
  if (labels.length === 0) return null;
  return (
    <ul className="tk-tags" aria-label={t('tk.list')}>
      {labels.map((label) => (
        <li key={label} className="tk-tag">
          {label}
        </li>
      ))}
    </ul>
  );
}

/** Local Contexts labels with what each asks of the reader, for the item page. */
export function TkLabelPanel({ labels }: { labels: readonly string[] }) {
  const { t } = useTranslation();
  if (labels.length === 0) return null;
  return (
    <section className="panel tk-panel" aria-labelledby="tk-heading">
      <h2 id="tk-heading">{t('tk.heading')}</h2>
      <p className="muted">{t('tk.about')}</p>
      <dl className="tk-list">
        {labels.map((label) => {
          const key = labelKey(label);
          return (
            <div key={label}>
              <dt className="tk-tag">{label}</dt>
              {described.has(key) && <dd>{t(`tk.label.${key}` as 'tk.label.tkseasonal')}</dd>}
            </div>
          );
        })}
      </dl>
    </section>
  );
}
