import type { AccessProtocol, Consent, ConsentUse } from './access.js';

/**
 * What someone wants to do with an item. `curation`: archive staff take a copy of its
 * annotations out to work on them (ELAN, Praat) and bring them back.
 */
export type Purpose =
  | 'public-view'
  | 'community-view'
  | 'ml-training-export'
  | 'research-export'
  | 'curation';

/** The facts of an item the policy looks at. */
export interface AccessFacts {
  accessProtocol: AccessProtocol;
  consent: Consent;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const usesNeeded: Record<Purpose, ConsentUse> = {
  'public-view': 'public-access',
  'community-view': 'community-access',
  'ml-training-export': 'ml-training',
  'research-export': 'research',
  curation: 'archive',
};

/** Which protocols each purpose may ever reach, before consent is asked. */
const protocolsAllowed: Record<Purpose, readonly AccessProtocol[]> = {
  'public-view': ['open'],
  'community-view': ['open', 'community'],
  'ml-training-export': ['open', 'community', 'restricted'],
  'research-export': ['open', 'community', 'restricted'],
  curation: ['open', 'community', 'restricted'],
};

/**
 * The one place where access protocols and consent are checked; the API and every
 * export ask it (the CLI is for operators, who see everything: see the README).
 * `secret-sacred` never leaves the archive, a withdrawn consent allows nothing, and
 * otherwise the consent must name the use.
 * `allowedProtocols` narrows further (an export that takes only `open` items).
 */
export function decideAccess(
  facts: AccessFacts,
  purpose: Purpose,
  allowedProtocols: readonly AccessProtocol[] = protocolsAllowed[purpose],
): AccessDecision {
  if (facts.accessProtocol === 'secret-sacred') {
    return { allowed: false, reason: 'secret/sacred material never leaves the archive' };
  }
  if (
    !protocolsAllowed[purpose].includes(facts.accessProtocol) ||
    !allowedProtocols.includes(facts.accessProtocol)
  ) {
    return {
      allowed: false,
      reason: `access protocol ${facts.accessProtocol} does not allow ${purpose}`,
    };
  }
  if (facts.consent.withdrawn) return { allowed: false, reason: 'consent has been withdrawn' };
  const use = usesNeeded[purpose];
  if (!facts.consent.uses.includes(use))
    return { allowed: false, reason: `consent does not include ${use}` };
  return { allowed: true };
}
