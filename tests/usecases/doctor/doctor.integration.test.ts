import { afterEach, describe, expect, it } from 'vitest';
import { stopEmbeddedPostgres } from '../../../src/infra/catalog/embedded-postgres.js';
import { settingsSchema } from '../../../src/infra/config/settings-schema.js';
import { runDoctorChecks } from '../../../src/usecases/doctor/installation-checks.js';
import { tempDir } from '../../support/temp-dir.js';

describe('heritage doctor', () => {
  // The catalog check starts the data folder's catalog server.
  const dataDirs: string[] = [];
  const dataDir = async () => {
    const dir = await tempDir();
    dataDirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dataDirs.splice(0)) await stopEmbeddedPostgres(dir);
  });

  it('passes on a machine with everything installed', async () => {
    const settings = settingsSchema.parse({
      dataDir: await dataDir(),
      redisUrl: process.env.REDIS_URL,
    });
    const checks = await runDoctorChecks(settings);
    expect(checks.filter((check) => !check.ok)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual([
      'node',
      'redis',
      'ffmpeg',
      'ocr languages',
      'storage',
      'catalog',
    ]);
  });

  it('names each missing part and how to install it', async () => {
    const settings = settingsSchema.parse({
      dataDir: await dataDir(),
      redisServerPath: '/nonexistent/redis-server',
      ffmpegPath: '/nonexistent/ffmpeg',
      ffprobePath: '/nonexistent/ffprobe',
      ocr: { languages: 'vie+xyzlang' },
    });
    const failed = Object.fromEntries(
      (await runDoctorChecks(settings))
        .filter((check) => !check.ok)
        .map((check) => [check.name, check]),
    );
    expect(Object.keys(failed).sort()).toEqual(['ffmpeg', 'ocr languages', 'redis']);
    expect(failed.redis?.fix).toContain('apt-get install -y redis-server');
    expect(failed.ffmpeg?.fix).toContain('apt-get install -y ffmpeg');
    expect(failed['ocr languages']?.detail).toContain('@tesseract.js-data/xyzlang');
  });
});
