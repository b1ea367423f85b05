import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useItems } from '../api/queries';
import type { ItemStatus, ItemSummary } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ProtocolBadge } from '../components/protocol-badge';
import { LoadError, Loading } from '../components/query-state';
import { TkLabelTags } from '../components/tk-labels';
import { VirtualList } from '../components/virtual-list';
import { languageName } from '../text/format';

const statuses: readonly ItemStatus[] = ['ingested', 'processing', 'ready', 'failed'];

/** Must match `.item-row`'s height in styles.css. */
const ROW_HEIGHT = 84;

/** `/`: the items the API lets you see, filtered by collection and processing status. */
export function ItemsPage() {
  const { t } = useTranslation();
  const [parameters, setParameters] = useSearchParams();
  const collection = parameters.get('collection') ?? undefined;
  const statusParameter = parameters.get('status');
  const status = statuses.find((known) => known === statusParameter);
  const items = useItems({ collection, status });
  // The collections to choose from: those of every item you may see.
  const all = useItems({});
  const collections = [...new Set((all.data ?? []).map((item) => item.collection))].sort();
  const ids = { collection: useId(), status: useId() };

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(parameters);
    if (value) next.set(name, value);
    else next.delete(name);
    setParameters(next);
  };

  return (
    <>
      <PageHeading title={t('items.title')}>{t('items.title')}</PageHeading>
      <form
        className="filters"
        aria-label={t('items.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div>
          <label htmlFor={ids.collection}>{t('items.collection')}</label>
          <select
            id={ids.collection}
            value={collection ?? ''}
            onChange={(event) => setFilter('collection', event.target.value)}
          >
            <option value="">{t('items.anyCollection')}</option>
            {[...new Set([...collections, ...(collection ? [collection] : [])])].map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.status}>{t('items.status')}</label>
          <select
            id={ids.status}
            value={status ?? ''}
            onChange={(event) => setFilter('status', event.target.value)}
          >
            <option value="">{t('items.anyStatus')}</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {t(`status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        {(collection || status) && (
          <button type="button" onClick={() => setParameters(new URLSearchParams())}>
            {t('items.clear')}
          </button>
        )}
      </form>
      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <LoadError error={items.error} retry={() => void items.refetch()} />
      ) : (
        <>
          <p className="count" role="status">
            {t('items.count', { count: items.data.length })}
          </p>
          {items.data.length === 0 ? (
            <p>{t('items.empty')}</p>
          ) : (
            <VirtualList
              items={items.data}
              rowHeight={ROW_HEIGHT}
              label={t('items.list')}
              keyOf={(item) => item.id}
              renderRow={(item) => <ItemRow item={item} />}
            />
          )}
        </>
      )}
    </>
  );
}

function ItemRow({ item }: { item: ItemSummary }) {
  const { t, i18n } = useTranslation();
  const status = statuses.find((known) => known === item.status);
  return (
    <article className="item-row">
      <h2 className="item-row-title">
        <Link to={`/items/${encodeURIComponent(item.id)}`}>{item.title}</Link>
      </h2>
      <div className="item-row-facts">
        <ProtocolBadge protocol={item.accessProtocol} />
        <TkLabelTags labels={item.tkLabels} />
        <span className="muted">
          {item.collection}
          {item.languages.length > 0 &&
            ` · ${item.languages.map((tag) => languageName(tag, i18n.language)).join(', ')}`}
          {' · '}
          {status ? t(`status.${status}`) : item.status}
        </span>
      </div>
    </article>
  );
}
