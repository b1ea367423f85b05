import { lazy, type ReactNode, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { useItem, usePrefetchItemMedia } from '../api/queries';
import type { Asset, Item, ItemEvent, Step } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ProtocolPanel } from '../components/protocol-badge';
import { QualityNotes } from '../components/quality-notes';
import { LoadError, Loading } from '../components/query-state';
import { TkLabelPanel } from '../components/tk-labels';
import { en } from '../i18n/en';
import { mediaPlan, PLAYER_PEAKS } from '../items/item-media-plan';
import { dateTime, duration, fileSize, languageName } from '../text/format';

/** The player and the scan viewer (wavesurfer.js, OpenSeadragon) load only for items that have media. */
const ItemMedia = lazy(async () => ({
  default: (await import('../components/item-media')).ItemMedia,
}));

/** `t` for a key of a group in en.ts, or the value itself when the group has no such key. */
function useWords() {
  const { t, i18n } = useTranslation();
  const word = (
    group: 'role' | 'assetRole' | 'stepName' | 'stepStatus' | 'eventType' | 'outcome' | 'status',
    value: string,
  ) => (value in en[group] ? t(`${group}.${value}` as 'role.singer') : value);
  return { t, word, language: i18n.language };
}

/** `/items/:id`: what the API shows of one item, its protocol and labels first. */
export function ItemPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const item = useItem(id);
  if (item.isPending) return <Loading />;
  if (item.isError) {
    if (item.error instanceof ApiError && item.error.status === 404)
      return (
        <>
          <PageHeading title={t('item.notFound')}>{t('item.notFound')}</PageHeading>
          <p>
            <Link to="/">{t('item.back')}</Link>
          </p>
        </>
      );
    if (item.error instanceof ApiError && item.error.status === 403)
      return (
        <p className="error" role="alert">
          {t('player.forbidden')}
        </p>
      );
    return <LoadError error={item.error} retry={() => void item.refetch()} />;
  }
  return <ItemView item={item.data} />;
}

function ItemView({ item }: { item: Item }) {
  const { t, word, language } = useWords();
  const [address] = useSearchParams();
  const plan = useMemo(() => mediaPlan(item, address), [item, address]);
  const firstScanPage = plan.pages[plan.firstPageIndex];
  usePrefetchItemMedia(item.id, {
    recording: plan.firstTrack?.recording,
    track: plan.firstTrack?.track ?? 0,
    pixels: PLAYER_PEAKS,
    scan: firstScanPage?.scan,
    page: firstScanPage?.page ?? 1,
  });
  const metadata = item.metadata;
  const tkLabels = metadata.tkLabels ?? item.tkLabels;
  const fields: [string, ReactNode][] = [
    [t('item.field.id'), <code key="id">{item.id}</code>],
    [t('item.field.collection'), item.collection],
    [t('item.field.date'), metadata.date],
    [t('item.field.place'), metadata.place],
    [t('item.field.genre'), metadata.genre],
    [
      t('item.field.languages'),
      item.languages.length > 0
        ? item.languages.map((tag) => languageName(tag, language)).join(', ')
        : undefined,
    ],
    [t('item.field.licence'), metadata.licence],
    [t('item.field.status'), word('status', item.status)],
    [t('item.field.version'), item.objectVersion],
  ];

  return (
    <article className="item-page">
      <p className="breadcrumb">
        <Link to="/">← {t('item.back')}</Link>
      </p>
      <PageHeading title={item.title}>{item.title}</PageHeading>
      {item.mayAnnotate && (
        <p>
          <Link className="button" to={`/items/${encodeURIComponent(item.id)}/workspace`}>
            {t('workspace.open')}
          </Link>
        </p>
      )}
      <div className="item-top">
        <ProtocolPanel protocol={item.accessProtocol} />
        <TkLabelPanel labels={tkLabels} />
      </div>

      {(plan.tracks.length > 0 || plan.pages.length > 0) && (
        <Suspense fallback={<Loading />}>
          <ItemMedia item={item} plan={plan} />
        </Suspense>
      )}

      <section aria-labelledby="about-heading">
        <h2 id="about-heading">{t('item.about')}</h2>
        {metadata.description && <p className="description">{metadata.description}</p>}
        <dl className="fields">
          {fields
            .filter(([, value]) => value !== undefined && value !== null && value !== '')
            .map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </section>

      <section aria-labelledby="contributors-heading">
        <h2 id="contributors-heading">{t('item.contributors')}</h2>
        {(metadata.contributors ?? []).length === 0 ? (
          <p className="muted">{t('item.noContributors')}</p>
        ) : (
          <ul className="contributors">
            {(metadata.contributors ?? []).map((contributor, index) => (
              // Contributors have no id of their own; their order is the record's.
              // biome-ignore lint/suspicious/noArrayIndexKey: the record's order is stable
              <li key={index}>
                <span className="contributor-role">{word('role', contributor.role)}</span>
                {contributor.name ? (
                  <span className="contributor-name">{contributor.name}</span>
                ) : (
                  <span className="muted">{t('item.unnamed')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{t('item.files')}</h2>
        {item.assets.length === 0 ? (
          <p className="muted">{t('item.noFiles')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('item.file.name')}</th>
                  <th scope="col">{t('item.file.role')}</th>
                  <th scope="col">{t('item.file.type')}</th>
                  <th scope="col">{t('item.file.size')}</th>
                  <th scope="col">{t('item.file.details')}</th>
                </tr>
              </thead>
              <tbody>
                {item.assets.map((asset) => (
                  <tr key={asset.path}>
                    <th scope="row">
                      <code>{asset.path}</code>
                    </th>
                    <td>{word('assetRole', asset.role)}</td>
                    <td>{asset.mediaType ?? '—'}</td>
                    <td>{fileSize(asset.size, language)}</td>
                    <td>
                      <TechnicalDetails asset={asset} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t('item.steps')}</h2>
        {item.steps.length === 0 ? (
          <p className="muted">{t('item.noSteps')}</p>
        ) : (
          <StepTable steps={item.steps} />
        )}
      </section>

      <QualityNotes item={item} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('item.history')}</h2>
        {item.objectVersion && (
          <p className="muted">{t('player.versions', { version: item.objectVersion })}</p>
        )}
        {item.events.length === 0 ? (
          <p className="muted">{t('item.noHistory')}</p>
        ) : (
          <History events={item.events} />
        )}
      </section>
    </article>
  );
}

function TechnicalDetails({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const technical = asset.technical;
  const number = (name: string) =>
    typeof technical[name] === 'number' ? (technical[name] as number) : undefined;
  const parts: string[] = [];
  const seconds = number('durationSeconds');
  if (seconds !== undefined) parts.push(t('technical.duration', { value: duration(seconds) }));
  const rate = number('sampleRate');
  if (rate !== undefined) parts.push(t('technical.sampleRate', { value: rate }));
  const channels = number('channels');
  if (channels !== undefined) parts.push(t('technical.channels', { count: channels }));
  const pages = number('pageCount') ?? number('pages');
  if (pages !== undefined) parts.push(t('technical.pages', { count: pages }));
  const width = number('width');
  const height = number('height');
  if (width !== undefined && height !== undefined)
    parts.push(t('technical.pixels', { width, height }));
  return <>{parts.length > 0 ? parts.join(' · ') : '—'}</>;
}

function StepTable({ steps }: { steps: Step[] }) {
  const { t, word } = useWords();
  const withDetail = steps.some((step) => step.detail);
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('item.step.name')}</th>
            <th scope="col">{t('item.step.file')}</th>
            <th scope="col">{t('item.step.outcome')}</th>
            {withDetail && <th scope="col">{t('item.step.detail')}</th>}
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={`${step.step} ${step.asset}`}>
              <td>{word('stepName', step.step)}</td>
              <td>
                <code>{step.asset}</code>
              </td>
              <td className={`outcome-${step.status}`}>{word('stepStatus', step.status)}</td>
              {withDetail && <td>{step.detail ?? ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The item's events, oldest first, as the archive recorded them. */
function History({ events }: { events: ItemEvent[] }) {
  const { t, word, language } = useWords();
  const withAgent = events.some((event) => event.agent);
  const withDetail = events.some((event) => event.detail);
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('item.event.when')}</th>
            <th scope="col">{t('item.event.what')}</th>
            <th scope="col">{t('item.event.outcome')}</th>
            {withAgent && <th scope="col">{t('item.event.by')}</th>}
            {withDetail && <th scope="col">{t('item.event.detail')}</th>}
          </tr>
        </thead>
        <tbody>
          {events.map((event, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: events are shown in the order recorded
            <tr key={index}>
              <td>
                <time dateTime={event.occurredAt}>{dateTime(event.occurredAt, language)}</time>
              </td>
              <td>{word('eventType', event.type)}</td>
              <td className={`outcome-${event.outcome}`}>{word('outcome', event.outcome)}</td>
              {withAgent && <td>{event.agent ?? ''}</td>}
              {withDetail && <td>{event.detail ?? ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
