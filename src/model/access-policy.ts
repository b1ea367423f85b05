import type { AccessProtocol, Consent, ConsentUse } from './access.js';
import type { Grant, Person } from './person.js';

/**
 * What someone wants to do with an item: `view` and `annotate` it inside the archive,
 * `curate` it (archive staff take a copy of its annotations out to work on them in
 * ELAN or Praat and bring them back), or take it out in a dataset.
 */
export const purposes = [
  'view',
  'annotate',
  'curate',
  'ml-training-export',
  'research-export',
] as const;
export type Purpose = (typeof purposes)[number];

/** The facts of an item the policy looks at. */
export interface AccessFacts {
  id: string;
  accessProtocol: AccessProtocol;
  consent: Consent;
  collection: string;
  /** The community of the item's collection, when it names one. */
  community?: string;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * The ways a person can stand towards an item, each coming from a grant (or, for
 * `anyone`, from nothing at all): `collection-archivist` is an archivist of the item's
 * collection, `community-*` a custodian or member of the item's community,
 * `researcher` holds a researcher grant on the item or its collection.
 */
export const capacities = [
  'anyone',
  'admin',
  'collection-archivist',
  'community-custodian',
  'community-member',
  'researcher',
] as const;
export type Capacity = (typeof capacities)[number];

export interface AccessRule {
  protocol: AccessProtocol;
  capacity: Capacity;
  purposes: readonly Purpose[];
}

const staffWork: readonly Purpose[] = [
  'view',
  'annotate',
  'curate',
  'ml-training-export',
  'research-export',
];

/**
 * Who may do what, by protocol. A person may act when any rule for the item's protocol
 * names one of their capacities and the purpose; nothing else lets anyone in.
 * Secret/sacred items are for the custodians of their community only, inside the
 * archive: admins included, nobody else sees them, and no purpose takes them out.
 */
export const accessRules: readonly AccessRule[] = [
  { protocol: 'secret-sacred', capacity: 'community-custodian', purposes: ['view', 'annotate'] },
  { protocol: 'restricted', capacity: 'admin', purposes: staffWork },
  { protocol: 'restricted', capacity: 'collection-archivist', purposes: staffWork },
  { protocol: 'restricted', capacity: 'researcher', purposes: ['view', 'research-export'] },
  { protocol: 'community', capacity: 'admin', purposes: staffWork },
  { protocol: 'community', capacity: 'collection-archivist', purposes: staffWork },
  { protocol: 'community', capacity: 'community-custodian', purposes: ['view', 'annotate'] },
  // Community linguists annotate their community's items (transcriptions, translations,
  // OCR corrections) inside the archive; they take nothing out.
  { protocol: 'community', capacity: 'community-member', purposes: ['view', 'annotate'] },
  { protocol: 'open', capacity: 'anyone', purposes: ['view'] },
  { protocol: 'open', capacity: 'admin', purposes: staffWork },
  { protocol: 'open', capacity: 'collection-archivist', purposes: staffWork },
  { protocol: 'open', capacity: 'community-custodian', purposes: ['view', 'annotate'] },
  { protocol: 'open', capacity: 'community-member', purposes: ['view', 'annotate'] },
];

/**
 * The use the consent must name for someone to view an item: the public needs
 * `public-access`, the community `community-access`, a researcher `research`; archive
 * staff and custodians, who keep the item, need only `archive`.
 */
const viewingUse: Record<Capacity, ConsentUse> = {
  anyone: 'public-access',
  admin: 'archive',
  'collection-archivist': 'archive',
  'community-custodian': 'archive',
  'community-member': 'community-access',
  researcher: 'research',
};

const purposeUse: Record<Exclude<Purpose, 'view'>, ConsentUse> = {
  annotate: 'archive',
  curate: 'archive',
  'ml-training-export': 'ml-training',
  'research-export': 'research',
};

/** The use a consent must name for someone in `capacity` to act for `purpose`. */
export function consentUseNeeded(capacity: Capacity, purpose: Purpose): ConsentUse {
  return purpose === 'view' ? viewingUse[capacity] : purposeUse[purpose];
}

/** Purposes that take a copy of the item out of the archive. */
const leavesArchive: ReadonlySet<Purpose> = new Set([
  'curate',
  'ml-training-export',
  'research-export',
]);

/** The capacities `who` holds towards `item`, from their grants. */
export function capacitiesOf(who: Person, item: AccessFacts): Set<Capacity> {
  const held = new Set<Capacity>(['anyone']);
  if (who.kind !== 'account') return held;
  for (const grant of who.grants) {
    const capacity = capacityFrom(grant, item);
    if (capacity) held.add(capacity);
  }
  return held;
}

function capacityFrom(grant: Grant, item: AccessFacts): Capacity | undefined {
  switch (grant.role) {
    case 'admin':
      return 'admin';
    case 'archivist':
      return grant.collection === item.collection ? 'collection-archivist' : undefined;
    case 'custodian':
      return item.community !== undefined && grant.community === item.community
        ? 'community-custodian'
        : undefined;
    case 'member':
      return item.community !== undefined && grant.community === item.community
        ? 'community-member'
        : undefined;
    case 'researcher':
      return (grant.scope.kind === 'item' && grant.scope.item === item.id) ||
        (grant.scope.kind === 'collection' && grant.scope.collection === item.collection)
        ? 'researcher'
        : undefined;
  }
}

/**
 * The one place where access is decided; the API, the CLI (as the person it acts as)
 * and every export ask it. A rule of `accessRules` must let
 * `who` act on the item's protocol for `purpose`; a withdrawn consent allows nothing;
 * and the consent must name the use that rule needs. `allowedProtocols` narrows further
 * (an export that takes only `open` items). Reasons name the protocol and the use,
 * never anything of the item itself.
 */
export function decideAccess(
  who: Person,
  item: AccessFacts,
  purpose: Purpose,
  allowedProtocols?: readonly AccessProtocol[],
): AccessDecision {
  const held = capacitiesOf(who, item);
  const rules = accessRules.filter(
    (rule) =>
      rule.protocol === item.accessProtocol &&
      rule.purposes.includes(purpose) &&
      held.has(rule.capacity),
  );
  if (item.accessProtocol === 'secret-sacred' && rules.length === 0) {
    return {
      allowed: false,
      reason: leavesArchive.has(purpose)
        ? 'secret/sacred material never leaves the archive'
        : "secret/sacred material is only for its community's custodians",
    };
  }
  if (rules.length === 0 || (allowedProtocols && !allowedProtocols.includes(item.accessProtocol)))
    return {
      allowed: false,
      reason: `access protocol ${item.accessProtocol} does not allow ${purpose}`,
    };
  if (item.consent.withdrawn) return { allowed: false, reason: 'consent has been withdrawn' };
  const uses = rules.map((rule) => consentUseNeeded(rule.capacity, purpose));
  if (!uses.some((use) => item.consent.uses.includes(use)))
    return { allowed: false, reason: `consent does not include ${uses[0]}` };
  return { allowed: true };
}

/**
 * The protocols `who` could ever `purpose` on some item, before looking at the item: a
 * catalog query may narrow to them, and the policy still decides each item it finds.
 */
export function protocolsReachable(who: Person, purpose: Purpose): AccessProtocol[] {
  const possible = new Set<Capacity>(['anyone']);
  if (who.kind === 'account')
    for (const grant of who.grants) possible.add(capacityOfRole[grant.role]);
  return [
    ...new Set(
      accessRules
        .filter((rule) => possible.has(rule.capacity) && rule.purposes.includes(purpose))
        .map((rule) => rule.protocol),
    ),
  ];
}

const capacityOfRole: Record<Grant['role'], Capacity> = {
  admin: 'admin',
  archivist: 'collection-archivist',
  custodian: 'community-custodian',
  member: 'community-member',
  researcher: 'researcher',
};

/** Whether `who` keeps the item's collection (admin, or its archivist): they see its full record. */
export function isStaffFor(who: Person, item: AccessFacts): boolean {
  const held = capacitiesOf(who, item);
  return held.has('admin') || held.has('collection-archivist');
}

/**
 * Whether `who` keeps a collection as a whole (admin, or its archivist), as `isStaffFor`
 * decides for its items: its vocabulary is theirs to change, and they may deposit into it.
 */
export function keepsCollection(who: Person, collection: string): boolean {
  return isStaffFor(who, {
    id: '',
    accessProtocol: 'open',
    consent: { uses: [], withdrawn: false },
    collection,
  });
}
