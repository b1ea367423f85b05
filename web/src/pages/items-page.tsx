import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useItems } from '../api/queries';
import type { ItemSummary } from '../api/types';
import { FacetSelect } from '../components/facet-select';
import { PageHeading } from '../components/page-heading';
import { ProtocolBadge } from '../components/protocol-badge';
import { LoadError, Loading } from '../components/query-state';
import { TkLabelTags } from '../components/tk-labels';
import { VirtualList } from '../components/virtual-list';
import {
  type FacetChoice,
  type FacetName,
  facetCounts,
  facetNames,
  filterItems,
} from '../items/item-facets';
import { duration, languageName } from '../text/format';

/** Must match `.item-row`'s height in styles.css. */
const ROW_HEIGHT = 92;

/**
 * `/`: the items the API lets you see, narrowed by facets (collection, language, genre,
 * decade, protocol, processing) held in the address, so a narrowed list can be shared.
 */
export function ItemsPage() {
  const { t, i18n } = useTranslation();
  const [parameters, setParameters] = useSearchParams();
  const items = useItems({});
  const choice: FacetChoice = Object.fromEntries(
    facetNames.flatMap((facet) => {
      const value = parameters.get(facet);
      return value ? [[facet, value]] : [];
    }),
  );
  const choiceKey = parameters.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address is the choice
  const shown = useMemo(() => filterItems(items.data ?? [], choice), [items.data, choiceKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address is the choice
  const counts = useMemo(
    () => facetNames.map((facet) => facetCounts(items.data ?? [], choice, facet)),
    [items.data, choiceKey],
  );

  const choose = (facet: FacetName, value: string | undefined) => {
    const next = new URLSearchParams(parameters);
    if (value) next.set(facet, value);
    else next.delete(facet);
    setParameters(next);
  };
  const nameOf: Record<FacetName, (value: string) => string> = {
    collection: (value) => value,
    language: (value) => languageName(value, i18n.language),
    genre: (value) => value,
    decade: (value) => t('items.decadeValue', { decade: value }),
    protocol: (value) => t(`protocol.name.${value}`, { defaultValue: value }),
    status: (value) => t(`status.${value}`, { defaultValue: value }),
  };

  return (
    <>
      <PageHeading title={t('items.title')}>{t('items.title')}</PageHeading>
      <form
        className="filters"
        aria-label={t('items.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        {facetNames.map((facet, index) => (
          <FacetSelect
            key={facet}
            label={t(`items.facet.${facet}`)}
            values={counts[index] ?? []}
            chosen={choice[facet]}
            nameOf={nameOf[facet]}
            onChoose={(value) => choose(facet, value)}
          />
        ))}
        {Object.keys(choice).length > 0 && (
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
            {t('items.count', { count: shown.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t('items.empty')}</p>
          ) : (
            <VirtualList
              items={shown}
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
  const facts = [
    item.collection,
    ...(item.languages.length > 0
      ? [item.languages.map((tag) => languageName(tag, i18n.language)).join(', ')]
      : []),
    ...(item.genre ? [item.genre] : []),
    ...(item.date ? [item.date] : []),
    ...(item.durationSeconds !== null
      ? [t('items.duration', { time: duration(item.durationSeconds) })]
      : []),
    ...(item.scanPages > 0 ? [t('items.pages', { count: item.scanPages })] : []),
    t(`status.${item.status}`, { defaultValue: item.status }),
  ];
  return (
    <article className="item-row">
      <div className="item-row-thumbnail">
        {item.hasThumbnail && (
          // The title beside it names the item: the picture adds nothing to read aloud.
          <img
            src={`/api/items/${encodeURIComponent(item.id)}/thumbnail`}
            alt=""
            loading="lazy"
            decoding="async"
          />
        )}
      </div>
      <div className="item-row-text">
        <h2 className="item-row-title">
          <Link to={`/items/${encodeURIComponent(item.id)}`}>{item.title}</Link>
        </h2>
        <div className="item-row-facts">
          <ProtocolBadge protocol={item.accessProtocol} />
          <TkLabelTags labels={item.tkLabels} />
          <span className="muted">{facts.join(' · ')}</span>
        </div>
      </div>
    </article>
  );
}
