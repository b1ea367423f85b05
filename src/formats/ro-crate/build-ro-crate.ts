import { ROCrate } from 'ro-crate';
import type { ItemRecord } from '../../model/item-record.js';
import { languageName } from '../../model/language-tag.js';

const accessConditions: Record<ItemRecord['item']['accessProtocol'], string> = {
  open: 'Open: anyone may view and listen.',
  community: 'Community: members of the community the item comes from may view and listen.',
  restricted: 'Restricted: only the people or roles named by the community may view and listen.',
  'secret-sacred': 'Secret/sacred: never leaves the archive; no public view and no export.',
};

/**
 * `metadata/ro-crate-metadata.json` for an item: schema.org terms as language
 * archives (PARADISEC, LDaCA) write them. The crate's root is the object's logical
 * root, so file ids are the object's logical paths (`originals/...`).
 */
export function buildRoCrate(record: ItemRecord, heritageVersion: string): Record<string, unknown> {
  const { item, collection } = record;
  const crate = new ROCrate({}, { array: false, link: true });
  const root = crate.rootDataset as Record<string, unknown>;
  root.identifier = item.id;
  root.name = item.title;
  if (item.description) root.description = item.description;
  if (item.date) root.dateCreated = item.date;
  if (item.genre) root.genre = item.genre;
  root.datePublished = new Date().toISOString().slice(0, 10);

  root.isPartOf = {
    '@id': `#collection-${collection.id}`,
    '@type': 'Collection',
    name: collection.title,
    identifier: collection.id,
  };
  if (item.place)
    root.contentLocation = {
      '@id': `#place-${slug(item.place)}`,
      '@type': 'Place',
      name: item.place,
    };
  root.inLanguage = item.languages.map((tag) => ({
    '@id': `https://iso639-3.sil.org/code/${tag.split('-')[0]}`,
    '@type': 'Language',
    name: languageName(tag) ?? tag,
    alternateName: tag,
  }));
  const licence = item.licence ?? collection.licence;
  if (licence) {
    const id = /^https?:\/\//.test(licence) ? licence : `https://spdx.org/licenses/${licence}`;
    root.license = { '@id': id, '@type': 'CreativeWork', name: licence };
  }
  root.conditionsOfAccess = [
    accessConditions[item.accessProtocol],
    item.consent.withdrawn
      ? 'Consent has been withdrawn.'
      : `Consent given for: ${item.consent.uses.join(', ')}${item.consent.date ? ` (${item.consent.date})` : ''}.`,
  ].join(' ');
  root.usageInfo = item.tkLabels.map((label) => ({
    '@id': `#label-${slug(label)}`,
    '@type': 'DefinedTerm',
    name: label,
    inDefinedTermSet: 'https://localcontexts.org/labels/',
  }));
  root.contributor = item.contributors.map((contributor, index) => ({
    '@id': `#role-${index + 1}`,
    '@type': 'Role',
    roleName: contributor.role,
    contributor: {
      '@id': `#person-${slug(contributor.name)}`,
      '@type': 'Person',
      name: contributor.name,
    },
  }));
  for (const asset of record.assets) {
    crate.addValues('./', 'hasPart', {
      '@id': asset.path,
      '@type': 'File',
      name: asset.originalName ?? asset.path.split('/').pop(),
      encodingFormat: asset.mediaType,
      contentSize: String(asset.size),
      sha256: asset.sha256,
      additionalType: asset.role,
      ...(asset.derivedFrom ? { isBasedOn: { '@id': asset.derivedFrom } } : {}),
    });
  }
  root.publisher = {
    '@id': '#heritage',
    '@type': 'SoftwareApplication',
    name: 'heritage',
    version: heritageVersion,
  };
  return crate.toJSON() as Record<string, unknown>;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
