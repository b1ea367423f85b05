import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSearch } from '../api/queries';
import type { SearchHit } from '../api/types';
import { Highlight } from '../components/highlight';
import { PageHeading } from '../components/page-heading';
import { ProtocolBadge } from '../components/protocol-badge';
import { LoadError, Loading } from '../components/query-state';

/**
 * The item page at the place of a hit: a transcript's moment (`t` in ms, with its
 * recording) or an OCR hit's page and line (with its scan).
 */
export function hitLink(hit: SearchHit): string {
  const place = new URLSearchParams();
  if (hit.source === 'annotation' && typeof hit.startMs === 'number') {
    place.set('t', String(hit.startMs));
    if (hit.asset) place.set('asset', hit.asset);
  } else if (hit.source === 'ocr' && typeof hit.page === 'number') {
    if (hit.asset) place.set('asset', hit.asset);
    place.set('page', String(hit.page));
    if (typeof hit.line === 'number') place.set('line', String(hit.line));
  }
  const query = place.toString();
  return `/items/${encodeURIComponent(hit.itemId)}${query ? `?${query}` : ''}`;
}

/** `/search?q=`: where the words were found, among the items the API lets you see. */
export function SearchPage() {
  const { t } = useTranslation();
  const [parameters] = useSearchParams();
  const words = (parameters.get('q') ?? '').trim();
  const hits = useSearch(words);
  const title = words ? t('search.resultsFor', { q: words }) : t('search.title');

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {words === '' ? (
        <p>{t('search.prompt')}</p>
      ) : hits.isPending ? (
        <Loading />
      ) : hits.isError ? (
        <LoadError error={hits.error} retry={() => void hits.refetch()} />
      ) : hits.data.length === 0 ? (
        <p role="status">{t('search.none', { q: words })}</p>
      ) : (
        <>
          <p className="count" role="status">
            {t('search.count', { count: hits.data.length })}
          </p>
          <ol className="hits" aria-label={t('search.results')}>
            {hits.data.map((hit) => (
              // One item may be found in several places; the place makes the key.
              <li key={`${hit.itemId} ${hit.source} ${hit.where}`} className="hit">
                <h2 className="hit-title">
                  <Link to={hitLink(hit)}>
                    <Highlight text={hit.title} words={words} />
                  </Link>
                </h2>
                <p className="hit-facts">
                  <ProtocolBadge protocol={hit.accessProtocol} />
                  <span className="muted">
                    {t(`search.source.${hit.source}`)}
                    {hit.where && ` · ${hit.where}`}
                  </span>
                </p>
                <p className="snippet">
                  <Highlight text={hit.snippet} words={words} />
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
