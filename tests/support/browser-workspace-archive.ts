/**
 * A writable archive for browser tests of the workspace: the media deposit of
 * browser-media.ts (a recording with its transcript, a two-page OCR'd TIFF song book),
 * served with its storage so that the app's saves are real object versions, and people
 * to sign in as: a community member of Khâu village and the archivist of its collection.
 */
import type { FastifyInstance } from 'fastify';
import { type Archive, openArchive } from '../../src/archive/archive.js';
import { buildApi } from '../../src/entry/api/build-api.js';
import { builtWebAppFolder } from '../../src/entry/api/web-app.js';
import { savePeopleRegisterRows } from '../../src/infra/catalog/people-rows.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { hashPassword } from '../../src/usecases/people/password-hash.js';
import { PASSWORD } from './browser-archive.js';
import { depositMedia, khauCollection } from './browser-media.js';
import { createScratchCatalog } from './databases.js';
import { makeTempDir, openIsolatedQueues } from './redis.js';

export { PASSWORD };

export const WORKSPACE_PEOPLE = {
  /** A member of Khâu village: a community linguist, who may annotate its items. */
  member: { id: 'mai', name: 'Hoàng Thị Mai' },
  /** The archivist of the Khâu collection: annotates, and keeps its vocabulary. */
  archivist: { id: 'lan', name: 'Lương Thị Lan' },
};

export interface WorkspaceArchive {
  url: string;
  api: FastifyInstance;
  /** The archive the server writes: its objects and catalog, to check what was stored. */
  archive: Archive;
  close(): Promise<void>;
}

export async function openWorkspaceArchive(): Promise<WorkspaceArchive> {
  const queues = await openIsolatedQueues();
  const scratch = await createScratchCatalog('pglite');
  const settings: Settings = { ...scratch.settings, redisUrl: queues.settings.redisUrl };
  const deposit = await makeTempDir('browser-workspace');
  try {
    await depositMedia(deposit.dir, { ...settings, queuePrefix: queues.prefix });
  } finally {
    await deposit.remove();
  }
  const archive = await openArchive(settings);
  const passwordHash = await hashPassword(PASSWORD);
  await savePeopleRegisterRows(
    archive.catalog,
    {
      accounts: [
        { ...WORKSPACE_PEOPLE.member, passwordHash, disabled: false, language: 'vi' as const },
        { ...WORKSPACE_PEOPLE.archivist, passwordHash, disabled: false, language: 'vi' as const },
      ],
      communities: [{ id: khauCollection.community, name: 'Khâu village' }],
      grants: [
        {
          user: WORKSPACE_PEOPLE.member.id,
          grant: { role: 'member', community: khauCollection.community },
        },
        {
          user: WORKSPACE_PEOPLE.archivist.id,
          grant: { role: 'archivist', collection: khauCollection.id },
        },
      ],
    },
    'v1',
  );
  const api = buildApi({
    settings: {
      ...settings,
      queuePrefix: queues.prefix,
      api: { ...settings.api, host: '127.0.0.1', signInRateLimit: 100 },
    },
    catalog: archive.catalog,
    queues: queues.runtime,
    archive,
    webApp: builtWebAppFolder(),
  });
  const url = await api.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    api,
    archive,
    close: async () => {
      await api.close();
      await queues.cleanup();
      await archive.close();
      await scratch.dispose();
    },
  };
}
