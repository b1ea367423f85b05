import type { Consent } from './access.js';
import type { ContributorRole } from './contributor.js';
import { itemSchema } from './item.js';

/**
 * What the public may read of an item the access policy lets it see; the API shows the
 * same view to every caller who is not staff of the item's collection (custodians,
 * members, researchers), so a grant widens which items one sees, not what of them.
 * Built by allow-listing, so a field added to the catalog later stays private until it
 * is named here: no consent record (who consented, to what, when), no deposit paths,
 * no `extra` manifest columns, no step or event details (they carry error text,
 * storage locations and export targets), and contributors named only where the
 * consent includes `name-attribution`, as dataset exports do; otherwise only their
 * role is shown.
 */

/** The catalog's summary of an item, as the public sees it. */
export interface PublicItemSummary {
  id: string;
  collection: string;
  title: string;
  accessProtocol: string;
  languages: string[];
  /** Local Contexts labels: public, since they tell everyone how to treat the item. */
  tkLabels: string[];
  status: string;
  objectVersion: string | null;
  genre: string | null;
  date: string | null;
  durationSeconds: number | null;
  scanPages: number;
  hasThumbnail: boolean;
}

export interface PublicContributor {
  role: ContributorRole;
  /** Present only when the item's consent includes `name-attribution`. */
  name?: string;
}

export interface PublicItem extends PublicItemSummary {
  metadata: {
    title?: string;
    date?: string;
    place?: string;
    genre?: string;
    description?: string;
    languages?: string[];
    tkLabels?: string[];
    licence?: string;
    contributors: PublicContributor[];
  };
  assets: {
    path: string;
    role: string;
    mediaType: string | null;
    size: number;
    sha256: string;
    technical: Record<string, unknown>;
  }[];
  steps: { step: string; asset: string; status: string }[];
  events: { type: string; outcome: string; occurredAt: string }[];
}

/** An item as the catalog holds it: the summary, the item record and its rows. */
export interface CatalogItem extends PublicItemSummary {
  metadata: Record<string, unknown>;
  assets: PublicItem['assets'];
  steps: (PublicItem['steps'][number] & Record<string, unknown>)[];
  events: (PublicItem['events'][number] & Record<string, unknown>)[];
}

export interface PublicAnnotation {
  id: string;
  type: string;
  value: string;
  terms: string[];
  anchor: unknown;
}

/** The descriptive fields of the item record the public may read (zod drops the rest). */
const publicMetadataSchema = itemSchema
  .pick({
    title: true,
    date: true,
    place: true,
    genre: true,
    description: true,
    languages: true,
    tkLabels: true,
    licence: true,
    contributors: true,
  })
  .partial();

/** Whether contributors may be named in what the public sees. */
export function namesAllowed(consent: Consent): boolean {
  return !consent.withdrawn && consent.uses.includes('name-attribution');
}

export function publicItemSummary(item: PublicItemSummary): PublicItemSummary {
  const {
    id,
    collection,
    title,
    accessProtocol,
    languages,
    tkLabels,
    status,
    objectVersion,
    genre,
    date,
    durationSeconds,
    scanPages,
    hasThumbnail,
  } = item;
  return {
    id,
    collection,
    title,
    accessProtocol,
    languages,
    tkLabels,
    status,
    objectVersion,
    genre,
    date,
    durationSeconds,
    scanPages,
    hasThumbnail,
  };
}

/** The public part of an item record (`items.metadata`). */
export function publicMetadata(record: unknown, consent: Consent): PublicItem['metadata'] {
  const parsed = publicMetadataSchema.safeParse(record);
  const { contributors = [], ...metadata } = parsed.success ? parsed.data : {};
  const named = namesAllowed(consent);
  return {
    ...metadata,
    contributors: contributors.map(({ role, name }) => (named ? { role, name } : { role })),
  };
}

export function publicItem(item: CatalogItem, consent: Consent): PublicItem {
  return {
    ...publicItemSummary(item),
    metadata: publicMetadata(item.metadata, consent),
    assets: item.assets.map(({ path, role, mediaType, size, sha256, technical }) => ({
      path,
      role,
      mediaType,
      size,
      sha256,
      technical,
    })),
    steps: item.steps.map(({ step, asset, status }) => ({ step, asset, status })),
    events: item.events.map(({ type, outcome, occurredAt }) => ({ type, outcome, occurredAt })),
  };
}

/** An annotation of a public item: its content, without its author. */
export function publicAnnotation(annotation: PublicAnnotation): PublicAnnotation {
  const { id, type, value, terms, anchor } = annotation;
  return { id, type, value, terms, anchor };
}

/**
 * The text of the public view that anonymous search may match: what the public can
 * read anyway, so a search cannot reveal a hidden name or field by its hits.
 */
export function publicSearchableText(id: string, metadata: PublicItem['metadata']): string {
  return [
    id,
    metadata.title,
    metadata.description,
    metadata.place,
    metadata.genre,
    metadata.date,
    ...(metadata.languages ?? []),
    ...metadata.contributors.map((contributor) => contributor.name),
    ...(metadata.tkLabels ?? []),
  ]
    .filter(Boolean)
    .join(' ');
}
