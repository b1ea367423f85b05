import { randomUUID } from 'node:crypto';
import { pingCatalog } from '../../infra/catalog/catalog-health.js';
import { openCatalogDatabase } from '../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import { OcflStorageRoot } from '../../infra/ocfl/index.js';
import { openObjectStore } from '../../infra/storage/open-object-store.js';
import { openQueueRuntime } from '../../jobs/queue-runtime.js';
import { ffmpegVersions } from '../../media/audio/ffmpeg-versions.js';
import { availableOcrLanguages, requireOcrLanguageData } from '../../media/ocr/language-data.js';
import { type CheckResult, runCheck } from './doctor-check.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const debianInstall = (packages: string) =>
  `apt-get install -y ${packages} (Debian/Ubuntu), or brew install ${packages} (macOS)`;

/** Every check `heritage doctor` runs, in the order it prints them. */
export async function runDoctorChecks(settings: Settings): Promise<CheckResult[]> {
  return Promise.all([
    runCheck('node', async () => {
      const major = Number(process.versions.node.split('.')[0]);
      return {
        name: 'node',
        ok: major >= 20,
        detail: `Node.js ${process.versions.node}`,
        fix: 'install Node.js 20 or newer',
      };
    }),
    runCheck(
      'redis',
      async () => {
        const runtime = await openQueueRuntime(settings, {
          prefix: settings.queuePrefix,
          logger: quiet,
        });
        try {
          const where = runtime.embedded
            ? `embedded redis-server in ${settings.dataDir}`
            : settings.redisUrl;
          const warnings = runtime.server.warnings?.length
            ? ` (${runtime.server.warnings.join('; ')})`
            : '';
          return {
            name: 'redis',
            ok: true,
            detail: `Redis ${runtime.server.version}, ${where}${warnings}`,
          };
        } finally {
          await runtime.close();
        }
      },
      settings.redisUrl
        ? 'check REDIS_URL and that the server is Redis >= 6.2 with maxmemory-policy noeviction'
        : debianInstall('redis-server'),
    ),
    runCheck(
      'ffmpeg',
      async () => {
        const versions = await ffmpegVersions(settings);
        const ok = versions.missing.length === 0;
        return {
          name: 'ffmpeg',
          ok,
          detail: `ffmpeg ${versions.ffmpeg.version}, ffprobe ${versions.ffprobe.version}${ok ? '' : `; missing ${versions.missing.join(', ')}`}`,
          fix: ok
            ? undefined
            : 'install an ffmpeg build with libopus and libmp3lame (Debian: apt-get install -y ffmpeg)',
        };
      },
      `${debianInstall('ffmpeg')}; or set FFMPEG_PATH and FFPROBE_PATH`,
    ),
    runCheck(
      'ocr languages',
      async () => {
        await requireOcrLanguageData(settings.ocr.languages, { orientation: false });
        const installed = await availableOcrLanguages();
        return {
          name: 'ocr languages',
          ok: true,
          detail: `using ${settings.ocr.languages}; installed: ${installed.map((language) => language.language).join(', ')}`,
        };
      },
      'npm install @tesseract.js-data/<language> for each language in HERITAGE_OCR_LANGUAGES',
    ),
    runCheck(
      'storage',
      async () => {
        const archive = await openObjectStore(settings, 'archive');
        const work = await openObjectStore(settings, 'work');
        try {
          await OcflStorageRoot.open(archive);
          const probe = `doctor/${randomUUID()}`;
          await work.put(probe, 'heritage doctor write test');
          await work.delete(probe);
          return {
            name: 'storage',
            ok: true,
            detail: `archive ${archive.location} (OCFL), work area ${work.location}: writable`,
          };
        } finally {
          await Promise.all([archive.close(), work.close()]);
        }
      },
      settings.s3
        ? 'check the S3_* settings, that the bucket exists and the keys may write to it'
        : `make ${settings.dataDir} writable, or set HERITAGE_DATA_DIR`,
    ),
    runCheck(
      'catalog',
      async () => {
        const catalog = await openCatalogDatabase(settings);
        try {
          await pingCatalog(catalog);
          return {
            name: 'catalog',
            ok: true,
            detail: settings.databaseUrl
              ? 'PostgreSQL (DATABASE_URL)'
              : catalog.kind === 'postgres'
                ? `the catalog server in ${settings.dataDir}`
                : `PGlite in ${settings.dataDir}`,
          };
        } finally {
          await catalog.close();
        }
      },
      settings.databaseUrl
        ? 'check DATABASE_URL and that the server accepts connections'
        : settings.embeddedCatalog === 'pglite'
          ? 'stop the other heritage process using the data folder, or set DATABASE_URL'
          : 'install PostgreSQL (apt-get install -y postgresql), or set DATABASE_URL',
    ),
  ]);
}
