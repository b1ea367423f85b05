import { useTranslation } from 'react-i18next';
import type { AccessProtocol } from '../api/types';

const known: readonly string[] = ['open', 'community', 'restricted', 'secret-sacred'];

export function isKnownProtocol(protocol: string): protocol is AccessProtocol {
  return known.includes(protocol);
}

/**
 * An item's cultural protocol in words, with a shape and a colour that repeat the words
 * (never the colour alone), as Mukurtu shows protocols on every item.
 */
export function ProtocolBadge({ protocol }: { protocol: string }) {
  const { t } = useTranslation();
  const name = isKnownProtocol(protocol) ? t(`protocol.name.${protocol}`) : protocol;
  return (
    <span className={`protocol protocol-${isKnownProtocol(protocol) ? protocol : 'other'}`}>
      <span className="protocol-mark" aria-hidden="true" />
      {t('protocol.label', { name })}
    </span>
  );
}

/** The protocol with who may see the item, for the item page. */
export function ProtocolPanel({ protocol }: { protocol: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel protocol-panel" aria-labelledby="protocol-heading">
      <h2 id="protocol-heading">{t('protocol.heading')}</h2>
      <p>
        <ProtocolBadge protocol={protocol} />
      </p>
      {isKnownProtocol(protocol) && <p>{t(`protocol.explain.${protocol}`)}</p>}
    </section>
  );
}
