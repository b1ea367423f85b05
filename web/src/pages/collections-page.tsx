import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCollections } from '../api/queries';
import type { Collection } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { isKnownProtocol } from '../components/protocol-badge';
import { LoadError, Loading } from '../components/query-state';
import { languageName } from '../text/format';

/**
 * `/collections`: the collections you may see an item of, each with how many of its
 * items you may see, by protocol. A collection whose every item is hidden from you is
 * not listed at all, as the API answers.
 */
export function CollectionsPage() {
  const { t } = useTranslation();
  const collections = useCollections();
  return (
    <>
      <PageHeading title={t('collections.title')}>{t('collections.title')}</PageHeading>
      {collections.isPending ? (
        <Loading />
      ) : collections.isError ? (
        <LoadError error={collections.error} retry={() => void collections.refetch()} />
      ) : collections.data.length === 0 ? (
        <p>{t('collections.empty')}</p>
      ) : (
        <ul className="collections" aria-label={t('collections.title')}>
          {collections.data.map((collection) => (
            <li key={collection.id}>
              <CollectionCard collection={collection} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CollectionCard({ collection }: { collection: Collection }) {
  const { t, i18n } = useTranslation();
  const protocols = Object.entries(collection.byAccessProtocol)
    .filter(([, count]) => count > 0)
    .map(([protocol, count]) =>
      t('collections.byProtocol', {
        count,
        name: isKnownProtocol(protocol) ? t(`protocol.name.${protocol}`) : protocol,
      }),
    );
  const headingId = `collection-${collection.id}`;
  return (
    <article className="panel collection-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{collection.title}</h2>
      <dl className="fields">
        {collection.community && (
          <>
            <dt>{t('collections.community')}</dt>
            <dd>{collection.community}</dd>
          </>
        )}
        {collection.languages.length > 0 && (
          <>
            <dt>{t('collections.languages')}</dt>
            <dd>
              {collection.languages.map((tag) => languageName(tag, i18n.language)).join(', ')}
            </dd>
          </>
        )}
        {collection.licence && (
          <>
            <dt>{t('collections.licence')}</dt>
            <dd>{collection.licence}</dd>
          </>
        )}
        <dt>{t('collections.items')}</dt>
        <dd>
          {t('collections.count', { count: collection.items })}
          {protocols.length > 0 && ` (${protocols.join(', ')})`}
        </dd>
      </dl>
      <Link to={`/?collection=${encodeURIComponent(collection.id)}`}>
        {t('collections.browse', { title: collection.title })}
      </Link>
    </article>
  );
}
