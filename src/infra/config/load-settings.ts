import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SettingsError } from './settings-error.js';
import { type Settings, settingsSchema } from './settings-schema.js';

/**
 * Environment variables and the setting each one fills, as a path into the settings
 * object. One table, so that error messages can name the variable the user wrote.
 */
export const environmentVariables: Record<string, string[]> = {
  HERITAGE_DATA_DIR: ['dataDir'],
  REDIS_URL: ['redisUrl'],
  REDIS_SERVER_PATH: ['redisServerPath'],
  HERITAGE_QUEUE_PREFIX: ['queuePrefix'],
  DATABASE_URL: ['databaseUrl'],
  DATABASE_CONNECT_TIMEOUT_MS: ['databaseConnectTimeoutMs'],
  DATABASE_QUERY_TIMEOUT_MS: ['databaseQueryTimeoutMs'],
  HERITAGE_EMBEDDED_CATALOG: ['embeddedCatalog'],
  POSTGRES_BIN_DIR: ['postgresBinDir'],
  S3_BUCKET: ['s3', 'bucket'],
  S3_ENDPOINT: ['s3', 'endpoint'],
  S3_REGION: ['s3', 'region'],
  S3_ACCESS_KEY_ID: ['s3', 'accessKeyId'],
  S3_SECRET_ACCESS_KEY: ['s3', 'secretAccessKey'],
  S3_PREFIX: ['s3', 'prefix'],
  S3_FORCE_PATH_STYLE: ['s3', 'forcePathStyle'],
  S3_CONNECT_TIMEOUT_MS: ['s3', 'connectTimeoutMs'],
  S3_IDLE_TIMEOUT_MS: ['s3', 'idleTimeoutMs'],
  HERITAGE_ABANDONED_WRITE_HOURS: ['abandonedWriteHours'],
  FFMPEG_PATH: ['ffmpegPath'],
  FFPROBE_PATH: ['ffprobePath'],
  HERITAGE_HOST: ['api', 'host'],
  HERITAGE_PORT: ['api', 'port'],
  HERITAGE_API_TOKEN: ['api', 'token'],
  HERITAGE_METRICS_TOKEN: ['api', 'metricsToken'],
  HERITAGE_API_RATE_LIMIT: ['api', 'rateLimit'],
  HERITAGE_API_RATE_WINDOW: ['api', 'rateLimitWindowSeconds'],
  HERITAGE_API_SEARCH_CONCURRENCY: ['api', 'searchConcurrency'],
  HERITAGE_SIGN_IN_RATE_LIMIT: ['api', 'signInRateLimit'],
  HERITAGE_SECURE_COOKIES: ['api', 'secureCookies'],
  HERITAGE_DEPOSIT_MAX_BYTES: ['api', 'depositMaxBytes'],
  HERITAGE_OCR_LANGUAGES: ['ocr', 'languages'],
  HERITAGE_OCR_WORKERS: ['ocr', 'workers'],
  HERITAGE_OCR_REVIEW_BELOW: ['ocr', 'reviewBelowConfidence'],
  HERITAGE_OCR_MAX_MEGAPIXELS: ['ocr', 'maxMegapixels'],
  HERITAGE_AUDIO_TARGET_LUFS: ['audio', 'targetLufs'],
  HERITAGE_AUDIO_TRUE_PEAK: ['audio', 'truePeakDbtp'],
  HERITAGE_AUDIO_SAMPLE_RATE: ['audio', 'trainingSampleRate'],
  HERITAGE_AUDIO_TRAINING_FORMAT: ['audio', 'trainingFormat'],
  HERITAGE_AUDIO_ACCESS_FORMAT: ['audio', 'accessFormat'],
  HERITAGE_ANNOTATIONS_MAX_BYTES: ['annotations', 'maxDocumentBytes'],
  HERITAGE_ANNOTATIONS_MAX_COUNT: ['annotations', 'maxAnnotationsPerDocument'],
  HERITAGE_MANIFEST_MAX_BYTES: ['manifest', 'maxBytes'],
  HERITAGE_MANIFEST_MAX_CELL: ['manifest', 'maxCellLength'],
  HERITAGE_RETRY_FOR_MS: ['retry', 'retryForMs'],
  HERITAGE_RETRY_BACKOFF_MS: ['retry', 'backoffDelayMs'],
  HERITAGE_RETRY_MAX_BACKOFF_MS: ['retry', 'maxBackoffMs'],
  HERITAGE_JOB_LOCK_MS: ['jobLockMs'],
  HERITAGE_LOG_LEVEL: ['logLevel'],
};

/** `HERITAGE_CONCURRENCY_OCR=2` sets `concurrency.ocr`. */
const CONCURRENCY_PREFIX = 'HERITAGE_CONCURRENCY_';

export interface LoadSettingsOptions {
  env?: NodeJS.ProcessEnv;
  /** A JSON file with the same shape as the settings; `HERITAGE_CONFIG` names it too. */
  configFile?: string;
}

/**
 * Reads settings from an optional JSON file, then the environment (which wins), and
 * validates them all at once: a bad value stops start-up with one message that names
 * every wrong setting.
 */
export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? process.env;
  const configFile = options.configFile ?? env.HERITAGE_CONFIG;
  const raw: Record<string, unknown> = configFile ? readConfigFile(configFile) : {};

  const sourceOfPath = new Map<string, string>();
  for (const [variable, settingPath] of Object.entries(environmentVariables)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    setAtPath(raw, settingPath, value);
    sourceOfPath.set(settingPath.join('.'), variable);
  }
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(CONCURRENCY_PREFIX) || !value) continue;
    const queue = variable.slice(CONCURRENCY_PREFIX.length).toLowerCase().replaceAll('_', '-');
    setAtPath(raw, ['concurrency', queue], value);
    sourceOfPath.set(`concurrency.${queue}`, variable);
  }

  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map((issue) => {
        const dotted = issue.path.join('.');
        const source = sourceOfPath.get(dotted) ?? variableForPath(dotted);
        const where = source
          ? `${source} (${dotted})`
          : configFile
            ? `${dotted} in ${configFile}`
            : dotted;
        return `${where}: ${issue.message}`;
      }),
    );
  }
  const settings = parsed.data;
  return { ...settings, dataDir: path.resolve(settings.dataDir) };
}

function variableForPath(dotted: string): string | undefined {
  return Object.entries(environmentVariables).find(
    ([, settingPath]) => settingPath.join('.') === dotted,
  )?.[0];
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettingsError([`config file ${file}: ${(error as Error).message}`]);
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(safeJsonParse(text));
  if (!parsed.success) throw new SettingsError([`config file ${file}: not a JSON object`]);
  return parsed.data;
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function setAtPath(target: Record<string, unknown>, settingPath: string[], value: unknown): void {
  let node = target;
  for (const segment of settingPath.slice(0, -1)) {
    const child = node[segment];
    if (typeof child !== 'object' || child === null) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[settingPath.at(-1) as string] = value;
}
