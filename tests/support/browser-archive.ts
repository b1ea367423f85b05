/**
 * A small archive served the way `heritage serve` serves it, the web app at `/` and the
 * API at `/api`, on a free port, for the browser tests: a PGlite catalog with items of
 * each protocol in two communities, and people to sign in as.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { openArchive } from '../../src/archive/archive.js';
import { buildApi } from '../../src/entry/api/build-api.js';
import { builtWebAppFolder } from '../../src/entry/api/web-app.js';
import type { Database } from '../../src/infra/catalog/database.js';
import { saveEvents, saveItemRecord } from '../../src/infra/catalog/item-rows.js';
import { openCatalogDatabase } from '../../src/infra/catalog/open-catalog-database.js';
import { savePeopleRegisterRows } from '../../src/infra/catalog/people-rows.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import type { AccessProtocol, Consent } from '../../src/model/access.js';
import type { ArchiveEvent } from '../../src/model/event.js';
import type { ItemRecord } from '../../src/model/item-record.js';
import { hashPassword } from '../../src/usecases/people/password-hash.js';
import { createScratchCatalog } from './databases.js';
import { type IsolatedQueues, makeTempDir, openIsolatedQueues } from './redis.js';

export const PASSWORD = 'lượn slương đêm trăng';

/** The secret/sacred item of Nà Hang: none of these may reach anyone but its custodians. */
export const SECRET = {
  id: 'rite-zq9',
  title: 'Lượn Zqxv kept rite',
  file: 'originals/zqxv-secret.flac',
  markers: ['Zqxv', 'rite-zq9', 'zqxv-secret'],
};

export const PEOPLE = {
  /** A member of Khâu village: sees its open and community items. */
  member: { id: 'mai', name: 'Hoàng Thị Mai', community: 'khau-village' },
  /** A custodian of Nà Hang: the one who sees its secret/sacred item. */
  custodian: { id: 'elder', name: 'Ma Văn Lự', community: 'na-hang' },
};

const everything: Consent = {
  consentedBy: 'Hoàng Văn Bình',
  uses: ['archive', 'community-access', 'public-access', 'research', 'name-attribution'],
  withdrawn: false,
};

function record(
  id: string,
  collection: 'khau-songs' | 'na-hang-rites',
  accessProtocol: AccessProtocol,
  title: string,
  more: Partial<ItemRecord['item']> = {},
  file = `originals/${id}.wav`,
): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection,
      title,
      languages: ['tyz'],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent: everything,
      files: [],
      ...more,
    },
    collection: {
      id: collection,
      title: collection === 'khau-songs' ? 'Khâu village songs' : 'Nà Hang rites',
      community: collection === 'khau-songs' ? 'khau-village' : 'na-hang',
      languages: ['tyz'],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [
      {
        path: file,
        role: 'recording',
        mediaType: 'audio/wav',
        format: 'wav',
        sha256: 'a'.repeat(64),
        size: 31_752_044,
        technical: { durationSeconds: 183.4, sampleRate: 48_000, channels: 1 },
      },
    ],
    steps: [{ step: 'normalise-audio', asset: file, status: 'done' }],
    quarantined: [],
  };
}

export const ITEMS = {
  open: record('then-cau-mua', 'khau-songs', 'open', 'Then cầu mùa – lượn đêm trăng', {
    date: '2023-02-14',
    place: 'Khâu village, Lạng Sơn',
    genre: 'then',
    languages: ['tyz', 'vie'],
    description: 'A then song asking for a good harvest, sung at the new year with the tính lute.',
    contributors: [
      { name: 'Hoàng Văn Bình', role: 'ritual_master' },
      { name: 'Lò Thị Hoa', role: 'singer' },
      { name: 'Nguyễn Minh Châu', role: 'recorder' },
    ],
    tkLabels: ['TK Attribution', 'TK Seasonal'],
    licence: 'CC-BY-NC-4.0',
  }),
  community: record('luon-sluong', 'khau-songs', 'community', 'Lượn slương of Khâu village', {
    tkLabels: ['TK Community Use Only'],
  }),
  restricted: record('kept-song', 'khau-songs', 'restricted', 'Lượn kept for named people'),
  secret: record(SECRET.id, 'na-hang-rites', 'secret-sacred', SECRET.title, {}, SECRET.file),
};

function event(type: ArchiveEvent['type'], minute: number, detail: string): ArchiveEvent {
  return {
    id: randomUUID(),
    type,
    occurredAt: new Date(Date.UTC(2024, 2, 2, 9, minute)).toISOString(),
    agent: 'heritage 0.1.0',
    outcome: 'success',
    detail,
  };
}

export interface BrowserArchive {
  /** `http://127.0.0.1:<port>` */
  url: string;
  api: FastifyInstance;
  /** The archive's catalog, to check what the app's requests stored. */
  catalog: Database;
  close(): Promise<void>;
}

/**
 * `deposit`: writes a deposit into the folder it is given and ingests it with the
 * settings (e.g. `depositMedia` of browser-media.ts: a recording with peaks and a
 * transcript, a scanned song book with OCR, processed for real); the archive then
 * serves their files from its data folder.
 */
export async function openBrowserArchive(
  options: {
    deposit?: (folder: string, settings: Settings) => Promise<void>;
    /** Serve the archive's storage too, so that the API can write (annotations, say). */
    writable?: boolean;
  } = {},
): Promise<BrowserArchive> {
  const queues: IsolatedQueues = await openIsolatedQueues();
  const scratch = await createScratchCatalog('pglite');
  // The catalog and the objects share the scratch data folder; the queues their prefix.
  const settings: Settings = { ...scratch.settings, redisUrl: queues.settings.redisUrl };
  if (options.deposit) {
    const deposit = await makeTempDir('browser-media');
    try {
      await options.deposit(deposit.dir, { ...settings, queuePrefix: queues.prefix });
    } finally {
      await deposit.remove();
    }
  }
  const catalog = { database: await openCatalogDatabase(settings) };
  const passwordHash = await hashPassword(PASSWORD);
  await savePeopleRegisterRows(
    catalog.database,
    {
      accounts: [
        { ...PEOPLE.member, passwordHash, disabled: false, language: 'vi' as const },
        { ...PEOPLE.custodian, passwordHash, disabled: false, language: 'en' as const },
      ].map(({ community: _community, ...account }) => account),
      communities: [
        { id: 'khau-village', name: 'Khâu village' },
        { id: 'na-hang', name: 'Nà Hang' },
      ],
      grants: [
        { user: PEOPLE.member.id, grant: { role: 'member', community: PEOPLE.member.community } },
        {
          user: PEOPLE.custodian.id,
          grant: { role: 'custodian', community: PEOPLE.custodian.community },
        },
      ],
    },
    'v1',
  );
  for (const item of Object.values(ITEMS)) {
    const status = item === ITEMS.restricted ? 'processing' : 'ready';
    await saveItemRecord(catalog.database, item, 'v2', status);
    await saveEvents(catalog.database, item.item.id, [
      event('ingestion', 0, `deposited from ${item.assets[0]?.path}`),
      event('message digest calculation', 1, 'sha256 and sha512 of every file'),
      event('normalization', 4, 'loudness normalised, 48 kHz mono'),
    ]);
  }
  const storage = options.writable
    ? await openArchive(settings, { catalog: catalog.database })
    : undefined;
  const api = buildApi({
    settings: {
      ...settings,
      api: { ...settings.api, host: '127.0.0.1', signInRateLimit: 100 },
    },
    catalog: catalog.database,
    queues: queues.runtime,
    webApp: builtWebAppFolder(),
    ...(storage ? { archive: storage } : {}),
  });
  const url = await api.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    api,
    catalog: catalog.database,
    close: async () => {
      await api.close();
      await storage?.close();
      await queues.cleanup();
      await catalog.database.close();
      await scratch.dispose();
    },
  };
}
