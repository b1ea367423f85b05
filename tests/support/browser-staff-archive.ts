/**
 * An archive for the browser tests of the staff pages (deposits, jobs): like
 * browser-archive.ts, the web app at `/` and the API at `/api` on a free port, with the
 * same items (the secret/sacred one of Nà Hang among them), but a whole archive
 * (filesystem storage, PostgreSQL catalog) so that deposits are archived for real, with
 * workers in this process when asked, and the people the staff pages are for.
 */
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/entry/api/build-api.js';
import { builtWebAppFolder } from '../../src/entry/api/web-app.js';
import { openServices, type Services } from '../../src/entry/services.js';
import { saveItemRecord } from '../../src/infra/catalog/item-rows.js';
import { savePeopleRegisterRows } from '../../src/infra/catalog/people-rows.js';
import { hashPassword } from '../../src/usecases/people/password-hash.js';
import { ITEMS, PASSWORD } from './browser-archive.js';
import { quietLogger } from './redis.js';
import { openTestArchive, type TestArchive } from './test-archive.js';

export { ITEMS, PASSWORD, SECRET } from './browser-archive.js';

export const STAFF = {
  /** An archivist of Khâu village's songs: deposits into them. */
  archivist: { id: 'lan', name: 'Nông Thị Lan', collection: 'khau-songs' },
  /** An admin who is no custodian: runs the archive, never sees Nà Hang's secret item. */
  admin: { id: 'ha', name: 'Đinh Văn Hà' },
  /** An admin who is also Nà Hang's custodian: sees its secret item's failures. */
  custodian: { id: 'elder', name: 'Ma Văn Lự', community: 'na-hang' },
  /** A member of Khâu village: neither deposits nor runs jobs. */
  member: { id: 'mai', name: 'Hoàng Thị Mai', community: 'khau-village' },
};

export interface StaffArchive {
  /** `http://127.0.0.1:<port>` */
  url: string;
  api: FastifyInstance;
  services: Services;
  archive: TestArchive;
  close(): Promise<void>;
}

export async function openStaffArchive({ workers }: { workers: boolean }): Promise<StaffArchive> {
  const archive = await openTestArchive('postgres');
  const services = await openServices(archive.settings, { workers, logger: quietLogger });
  const catalog = services.archive.catalog;
  const passwordHash = await hashPassword(PASSWORD);
  await savePeopleRegisterRows(
    catalog,
    {
      accounts: Object.values(STAFF).map(({ id, name }) => ({
        id,
        name,
        passwordHash,
        disabled: false,
        language: 'en' as const,
      })),
      communities: [
        { id: 'khau-village', name: 'Khâu village' },
        { id: 'na-hang', name: 'Nà Hang' },
      ],
      grants: [
        {
          user: STAFF.archivist.id,
          grant: { role: 'archivist', collection: STAFF.archivist.collection },
        },
        { user: STAFF.admin.id, grant: { role: 'admin' } },
        { user: STAFF.custodian.id, grant: { role: 'admin' } },
        {
          user: STAFF.custodian.id,
          grant: { role: 'custodian', community: STAFF.custodian.community },
        },
        { user: STAFF.member.id, grant: { role: 'member', community: STAFF.member.community } },
      ],
    },
    'v1',
  );
  for (const item of Object.values(ITEMS)) await saveItemRecord(catalog, item, 'v2', 'ready');
  const api = buildApi({
    settings: {
      ...archive.settings,
      api: { ...archive.settings.api, host: '127.0.0.1', signInRateLimit: 100, rateLimit: 10_000 },
    },
    catalog,
    queues: services.queues,
    archive: services.archive,
    locks: services.locks,
    webApp: builtWebAppFolder(),
  });
  const url = await api.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    api,
    services,
    archive,
    close: async () => {
      await api.close();
      await services.close();
      await archive.cleanup();
    },
  };
}
