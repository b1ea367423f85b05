import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/infra/config/load-settings.js';
import { SettingsError } from '../../../src/infra/config/settings-error.js';

describe('settings', () => {
  it('need nothing: everything embedded in ./heritage-data', () => {
    const settings = loadSettings({ env: {} });
    expect(settings.dataDir).toBe(path.resolve('heritage-data'));
    expect(settings.redisUrl).toBeUndefined();
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.s3).toBeUndefined();
    expect(settings.audio).toMatchObject({
      targetLufs: -23,
      truePeakDbtp: -2,
      trainingSampleRate: 16_000,
    });
  });

  it('are read from the environment, which wins over the config file', () => {
    const file = path.join(os.tmpdir(), `heritage-settings-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ dataDir: '/srv/from-file', ocr: { workers: 3 } }));
    const settings = loadSettings({
      env: {
        HERITAGE_CONFIG: file,
        HERITAGE_DATA_DIR: '/srv/from-env',
        HERITAGE_CONCURRENCY_AUDIO: '4',
      },
    });
    expect(settings.dataDir).toBe('/srv/from-env');
    expect(settings.ocr.workers).toBe(3);
    expect(settings.concurrency).toEqual({ audio: 4 });
  });

  it('stop start-up with one message that names every wrong setting', () => {
    let error: unknown;
    try {
      loadSettings({
        env: {
          REDIS_URL: 'not a url',
          HERITAGE_PORT: '99999',
          S3_ENDPOINT: 'http://minio:9000',
          HERITAGE_AUDIO_TRAINING_FORMAT: 'mp3',
        },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems;
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual(
      expect.arrayContaining([
        'REDIS_URL',
        'HERITAGE_PORT',
        'S3_BUCKET',
        'HERITAGE_AUDIO_TRAINING_FORMAT',
      ]),
    );
    expect(problems).toHaveLength(4);
  });
});
