import { z } from 'zod';
import {
  DEFAULT_MAX_ANNOTATIONS,
  DEFAULT_MAX_DOCUMENT_BYTES,
} from '../../formats/document-limits.js';

const portNumber = z.coerce.number().int().min(1).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');

const s3Settings = z.object({
  bucket: z.string().min(3, 'an S3 bucket name has at least 3 characters'),
  /** Any S3-compatible endpoint (MinIO, s3rver, ...); AWS itself when absent. */
  endpoint: z.url().optional(),
  region: z.string().default('us-east-1'),
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
  /** Key prefix inside the bucket, e.g. `archive/`. */
  prefix: z.string().default(''),
  forcePathStyle: booleanish.default(true),
  /** A connection not established within this long fails; default in `createS3Client`. */
  connectTimeoutMs: positiveInt.optional(),
  /**
   * A request whose connection sends and receives nothing for this long fails: an idle
   * timeout, not a deadline, so a transfer that keeps moving is never cut off.
   */
  idleTimeoutMs: positiveInt.optional(),
});

/** Every setting heritage reads, with its default. Types are inferred from here. */
export const settingsSchema = z.object({
  /** Where the embedded defaults keep everything. */
  dataDir: z.string().min(1).default('./heritage-data'),
  /** External Redis; when absent a private redis-server runs inside the data folder. */
  redisUrl: z.url().optional(),
  redisServerPath: z.string().default('redis-server'),
  /** Key prefix of heritage's queues: several archives can share one Redis. */
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "_" and "-"')
    .default('heritage'),
  /**
   * External PostgreSQL; when absent the catalog is embedded in the data folder, as
   * `embeddedCatalog` says.
   */
  databaseUrl: z.url().optional(),
  /** A catalog connection (or a free one in the pool) not had within this long fails. */
  databaseConnectTimeoutMs: positiveInt.default(30_000),
  /** A catalog statement unanswered for this long fails and its connection is dropped. */
  databaseQueryTimeoutMs: positiveInt.default(300_000),
  /**
   * `server`: a private PostgreSQL server in the data folder that every heritage process
   * shares; `pglite`: PGlite inside one process, which then has the catalog to itself.
   */
  embeddedCatalog: z.enum(['server', 'pglite']).default('server'),
  /** Folder of PostgreSQL's `initdb` and `postgres`; default PATH, then /usr/lib/postgresql. */
  postgresBinDir: z.string().optional(),
  /** S3 storage; when absent the archive lives on the filesystem in the data folder. */
  s3: s3Settings.optional(),
  /** The S3 service `heritage export --out s3://bucket/prefix` writes to; `s3`'s when absent. */
  exportS3: s3Settings.omit({ bucket: true, prefix: true }).optional(),
  /**
   * Writes abandoned this many hours ago (a killed process's temporary files, S3
   * temporary keys and multipart uploads) are removed when a worker starts.
   */
  abandonedWriteHours: z.coerce.number().positive().default(24),
  ffmpegPath: z.string().default('ffmpeg'),
  ffprobePath: z.string().default('ffprobe'),
  api: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: portNumber.default(8420),
      /** Bearer token that lets archivists see every item and job; without it the API shows only public items. */
      token: z.string().min(16, 'an API token has at least 16 characters').optional(),
      /** Bearer token Prometheus scrapes `/api/metrics` with; admins' tokens work too. */
      metricsToken: z.string().min(16, 'a metrics token has at least 16 characters').optional(),
      /** Requests one client address may make per window; the next ones get 429 (`/health` is exempt). */
      rateLimit: positiveInt.default(300),
      rateLimitWindowSeconds: positiveInt.default(60),
      /** Catalog-wide scans (search, listings, annotations) run at once; the others wait their turn. */
      searchConcurrency: positiveInt.default(2),
      /** Sign-in attempts one client address may make per window (`POST /session`). */
      signInRateLimit: positiveInt.default(10),
      /** `Secure` on the session cookie; unset: on, except for a server bound to 127.0.0.1/localhost. */
      secureCookies: booleanish.optional(),
      /** Largest file one deposit upload may be, in bytes (50 GiB). */
      depositMaxBytes: positiveInt.default(50 * 1024 ** 3),
    })
    .prefault({}),
  ocr: z
    .object({
      /** tesseract language data packages to load, `+`-joined as tesseract writes them. */
      languages: z
        .string()
        .regex(/^[a-z_]{3,}(\+[a-z_]{3,})*$/, 'write languages as tesseract does, e.g. vie+eng')
        .default('vie+eng'),
      /** How many tesseract.js workers one OCR worker process keeps warm. */
      workers: positiveInt.default(2),
      /** Pages whose mean word confidence is below this are flagged for review. */
      reviewBelowConfidence: z.coerce.number().min(0).max(100).default(60),
      /** Largest image accepted, in megapixels (pixel floods are refused). */
      maxMegapixels: z.coerce.number().positive().default(120),
    })
    .prefault({}),
  audio: z
    .object({
      targetLufs: z.coerce.number().min(-70).max(-5).default(-23),
      truePeakDbtp: z.coerce.number().min(-9).max(0).default(-2),
      trainingSampleRate: positiveInt.default(16_000),
      trainingFormat: z.enum(['wav', 'flac']).default('wav'),
      accessFormat: z.enum(['opus', 'mp3']).default('opus'),
    })
    .prefault({}),
  /** Limits on transcripts and annotation documents, deposited or imported. */
  annotations: z
    .object({
      /** Larger documents are refused before they are read. */
      maxDocumentBytes: positiveInt.default(DEFAULT_MAX_DOCUMENT_BYTES),
      /** Documents giving more annotations (intervals, cues, lines, ELAN annotations) are refused. */
      maxAnnotationsPerDocument: positiveInt.default(DEFAULT_MAX_ANNOTATIONS),
    })
    .prefault({}),
  manifest: z
    .object({
      /** Largest manifest file accepted, in bytes: checked before it is parsed. */
      maxBytes: positiveInt.default(32 * 1024 * 1024),
      /** Longest manifest cell accepted, in characters: checked as the file streams. */
      maxCellLength: positiveInt.default(65_536),
    })
    .prefault({}),
  /** Jobs run at once per queue in one worker process, e.g. `{ "ocr": 2 }`. */
  concurrency: z.record(z.string(), positiveInt).default({}),
  /**
   * Overrides every queue's retry timing, in milliseconds (see `queuePolicies`): e.g.
   * `{ "retryForMs": 3600000 }` to ride out hour-long outages.
   */
  retry: z
    .object({
      backoffDelayMs: positiveInt.optional(),
      maxBackoffMs: positiveInt.optional(),
      retryForMs: z.coerce.number().int().nonnegative().optional(),
    })
    .prefault({}),
  /**
   * How long a worker's claim on a job lasts without renewal, for every queue (see
   * `queuePolicies`): the jobs of a crashed worker return to the queue after about this long.
   */
  jobLockMs: positiveInt.optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof settingsSchema>;
export type S3Settings = z.infer<typeof s3Settings>;
