import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Archive, openArchive } from '../../archive/archive.js';
import { createItemLocks, type ItemLocks } from '../../archive/item-lock.js';
import type { Database } from '../../infra/catalog/database.js';
import { itemStatusesOf } from '../../infra/catalog/status-queries.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import type { QueueName } from '../../jobs/names.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import { decideAccess, keepsCollection } from '../../model/access-policy.js';
import { isAdmin, type Person } from '../../model/person.js';
import { ingestSucceeded } from '../ingest/run/ingest-outcome.js';
import { runIngest } from '../ingest/run/run-ingest.js';
import { checkDeposit } from './check-deposit.js';
import { DepositFolders } from './deposit-folders.js';
import type {
  DepositProblem,
  DepositRecord,
  DepositState,
  PlannedDepositItem,
  StagedFile,
} from './deposit-record.js';

/** A request the deposit's state does not allow now (HTTP 409), with the problems, if any. */
export class DepositConflict extends Error {
  override readonly name = 'DepositConflict';
  constructor(
    detail: string,
    readonly problems: DepositProblem[] = [],
  ) {
    super(detail);
  }
}

/** A file of a deposit: received whole and staged, or still arriving. */
export interface DepositFileProgress {
  path: string;
  state: 'received' | 'uploading';
  /** Bytes the server holds. */
  received: number;
  /** Declared size (unknown while an upload defers its length). */
  size?: number;
  sha256?: string;
}

export interface JobCounts {
  total: number;
  done: number;
  failed: number;
  running: number;
  waiting: number;
}

export interface ItemProgress {
  id: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** The catalog's status: ingested, processing, ready or failed. */
  status: string;
  detail?: string;
  jobs: JobCounts;
  quarantined: { originalName: string; reason: string }[];
}

/** All a client is told of a deposit. */
export interface DepositProgress {
  id: string;
  collection: string;
  createdBy: string;
  createdAt: string;
  state: DepositState;
  files: DepositFileProgress[];
  check?: DepositRecord['check'];
  ingest?: Omit<NonNullable<DepositRecord['ingest']>, 'items'> & { items: ItemProgress[] };
}

/** States in which files may still arrive. */
const receivingStates: readonly DepositState[] = ['receiving', 'checked', 'problems'];

/**
 * Deposits made through the HTTP API: a collection's files uploaded into a staging
 * folder of the data folder, checked with the ingest's own plan (nothing written), then
 * ingested by the same use case as `heritage ingest`, whose queued jobs process the
 * items. Changes of one deposit's record are made one at a time (this process serves
 * the API alone), and every record is written whole.
 */
export class Deposits {
  readonly folders: DepositFolders;
  readonly #settings: Settings;
  readonly #catalog: Database;
  readonly #queues: QueueRuntime;
  readonly #chains = new Map<string, Promise<unknown>>();
  readonly #running = new Map<string, Promise<void>>();
  #writer?: Promise<{ archive: Archive; locks: ItemLocks }>;

  constructor({
    settings,
    catalog,
    queues,
  }: {
    settings: Settings;
    catalog: Database;
    queues: QueueRuntime;
  }) {
    this.#settings = settings;
    this.#catalog = catalog;
    this.#queues = queues;
    this.folders = new DepositFolders(settings.dataDir);
  }

  /** A new, empty deposit into `collection`, or undefined when `who` may not deposit there. */
  async create(who: Person, collection: string): Promise<DepositRecord | undefined> {
    if (who.kind !== 'account' || !keepsCollection(who, collection)) return undefined;
    const record: DepositRecord = {
      id: `dep-${randomBytes(12).toString('hex')}`,
      collection,
      createdBy: who.id,
      createdAt: new Date().toISOString(),
      state: 'receiving',
      files: {},
    };
    await this.folders.create(record);
    return record;
  }

  /**
   * The deposit when `who` may use it: its creator, while they may still deposit into
   * its collection, and admins. Anyone else gets undefined, as for an unknown id.
   */
  async find(who: Person, id: string): Promise<DepositRecord | undefined> {
    const record = await this.folders.read(id);
    if (!record || who.kind !== 'account') return undefined;
    if (isAdmin(who)) return record;
    return who.id === record.createdBy && keepsCollection(who, record.collection)
      ? record
      : undefined;
  }

  /** Whether files may still be uploaded into the deposit. */
  async receiving(id: string): Promise<boolean> {
    const record = await this.folders.read(id);
    return record !== undefined && receivingStates.includes(record.state);
  }

  /**
   * Moves a finished upload into the staging folder at `relativePath`. A file that
   * arrives after a check makes the deposit `receiving` again: it must be checked anew.
   */
  async stageUpload(
    id: string,
    uploadFile: string,
    relativePath: string,
    expectedSha256?: string,
  ): Promise<StagedFile> {
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      if (!receivingStates.includes(record.state))
        throw new DepositConflict(`the deposit is ${record.state}: it takes no more files`);
      const { size, sha256 } = await this.folders.stage(
        id,
        uploadFile,
        relativePath,
        expectedSha256,
      );
      const staged: StagedFile = { size, sha256, receivedAt: new Date().toISOString() };
      record.files[relativePath] = staged;
      record.state = 'receiving';
      delete record.check;
      await this.folders.save(record);
      return staged;
    });
  }

  /** Runs the ingest's plan over the staged files, writing nothing into the archive. */
  async check(id: string, manifest?: string): Promise<DepositRecord> {
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      if (!receivingStates.includes(record.state))
        throw new DepositConflict(`the deposit is ${record.state}: it was checked already`);
      const {
        problems,
        items,
        planned,
        manifest: used,
      } = await checkDeposit(
        this.folders.staging(id),
        record.collection,
        manifest,
        this.#settings,
        await this.#uploadsInProgress(id),
      );
      record.check = {
        checkedAt: new Date().toISOString(),
        ok: problems.length === 0,
        ...(used ? { manifest: used } : {}),
        items: items.length,
        problems,
      };
      record.planned = planned;
      record.state = problems.length === 0 ? 'checked' : 'problems';
      await this.folders.save(record);
      return record;
    });
  }

  /**
   * Starts the ingest of a checked deposit (or again, of a failed one) and answers at
   * once: the items are archived in the background, then processed by the queued jobs.
   * The plan is made again first: if it now has problems, nothing is written.
   */
  async ingest(id: string, who: Person): Promise<DepositRecord> {
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      if (record.state !== 'checked' && record.state !== 'failed')
        throw new DepositConflict(
          record.state === 'ingesting' || record.state === 'done'
            ? `the deposit is ${record.state} already`
            : `the deposit is ${record.state}: check it (POST .../check) until it has no problems`,
          record.check?.problems,
        );
      const planned = await checkDeposit(
        this.folders.staging(id),
        record.collection,
        record.check?.manifest,
        this.#settings,
        await this.#uploadsInProgress(id),
      );
      record.planned = planned.planned;
      if (planned.problems.length > 0) {
        record.state = 'problems';
        record.check = {
          checkedAt: new Date().toISOString(),
          ok: false,
          ...(planned.manifest ? { manifest: planned.manifest } : {}),
          items: planned.items.length,
          problems: planned.problems,
        };
        await this.folders.save(record);
        throw new DepositConflict(
          'the deposit has problems now; nothing was written',
          planned.problems,
        );
      }
      record.state = 'ingesting';
      record.ingest = {
        startedAt: new Date().toISOString(),
        by: who.kind === 'account' ? who.id : 'public',
        items: [],
        failed: [],
      };
      await this.folders.save(record);
      const running = this.#run(record, planned.plan).finally(() => this.#running.delete(id));
      this.#running.set(id, running);
      return record;
    });
  }

  /**
   * The deposit as it stands: files, check, and each item's processing. Its creator
   * sees all of it; anyone else (an admin) sees only the items the access policy lets
   * them view, with their files and problems, once a check has planned them: file names
   * and counts of secret/sacred items reach their community's custodians only.
   */
  async progress(id: string, viewer?: Person): Promise<DepositProgress> {
    const whole = await this.#progress(id);
    const record = await this.#require(id);
    if (!viewer || (viewer.kind === 'account' && viewer.id === record.createdBy)) return whole;
    return visibleTo(viewer, whole, record.planned ?? []);
  }

  async #progress(id: string): Promise<DepositProgress> {
    const record = await this.#settle(id);
    const uploading = await this.#uploadsInProgress(id);
    const arriving = new Set(uploading.map((file) => file.path));
    const files: DepositFileProgress[] = Object.entries(record.files)
      .map(([filePath, staged]) => ({
        path: filePath,
        state: 'received' as const,
        received: staged.size,
        size: staged.size,
        sha256: staged.sha256,
      }))
      // A path uploaded again shows the new upload until it is received.
      .filter((file) => !arriving.has(file.path));
    files.push(...uploading);
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const { ingest, ...rest } = record;
    return {
      id: rest.id,
      collection: rest.collection,
      createdBy: rest.createdBy,
      createdAt: rest.createdAt,
      state: rest.state,
      files,
      ...(rest.check ? { check: rest.check } : {}),
      ...(ingest ? { ingest: { ...ingest, items: await this.#itemProgress(ingest.items) } } : {}),
    };
  }

  /** Waits for ingests in flight, then lets go of storage and locks. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
    const writer = await this.#writer?.catch(() => undefined);
    await writer?.locks.close();
    await writer?.archive.close();
  }

  async #run(record: DepositRecord, plan: Parameters<typeof runIngest>[1]): Promise<void> {
    const ingest = record.ingest as NonNullable<DepositRecord['ingest']>;
    const jobsOf = new Map<string, { id: string; queue: string; role: 'parent' | 'child' }[]>();
    // Saved after each item, so progress survives; a save that fails is made good by the next.
    const save = () =>
      this.#serial(record.id, () => this.folders.save(record)).catch(() => undefined);
    try {
      const { archive, locks } = await this.#archiveWriter();
      const report = await runIngest(
        { archive, queues: this.#queues, locks },
        plan,
        this.#settings,
        {
          onFlowAdded: (itemId, jobs) => jobsOf.set(itemId, jobs),
          onItemArchived: (result) => {
            ingest.items.push({
              id: result.itemId,
              outcome: result.outcome,
              version: result.version,
              jobs: jobsOf.get(result.itemId) ?? [],
              quarantined: result.quarantined,
            });
            void save();
          },
          onItemFailed: (itemId, error) => {
            ingest.failed.push({ itemId, reason: error.message });
            void save();
          },
        },
        { provenance: { depositedBy: ingest.by, deposit: record.id } },
      );
      ingest.batch = report.batch;
    } catch (error) {
      ingest.error = (error as Error).message;
    }
    ingest.archivedAt = new Date().toISOString();
    await save();
  }

  /** Storage for writing and the item locks, opened once, on the first ingest. */
  #archiveWriter(): Promise<{ archive: Archive; locks: ItemLocks }> {
    this.#writer ??= openArchive(this.#settings, { catalog: this.#catalog }).then((archive) => ({
      archive,
      locks: createItemLocks(this.#queues),
    }));
    return this.#writer;
  }

  /**
   * Reads the record and, once its items are archived and all processed, records how
   * the deposit ended. An ingest this process is not running and that never finished
   * archiving was cut short by a stop of the server: it failed, and may be run again.
   */
  async #settle(id: string): Promise<DepositRecord> {
    const record = await this.#require(id);
    const ingest = record.ingest;
    if (record.state !== 'ingesting' || !ingest) return record;
    if (!ingest.archivedAt) {
      if (this.#running.has(id)) return record;
      return this.#serial(id, async () => {
        const latest = await this.#require(id);
        if (latest.state !== 'ingesting' || !latest.ingest || latest.ingest.archivedAt)
          return latest;
        if (this.#running.has(id)) return latest;
        latest.ingest.error = 'the server stopped during the ingest: ingest the deposit again';
        latest.state = 'failed';
        await this.folders.save(latest);
        return latest;
      });
    }
    const items = await this.#itemProgress(ingest.items);
    const finished = items.every(
      (item) => item.status === 'ready' || item.status === 'failed' || item.jobs.failed > 0,
    );
    if (!finished) return record;
    const notReady = items.filter((item) => item.status !== 'ready');
    const succeeded =
      ingest.error === undefined &&
      ingestSucceeded(
        { problems: [], refused: [] },
        { results: ingest.items, failed: ingest.failed },
        new Map(items.map((item) => [item.id, { status: item.status }])),
        notReady.map((item) => ({ id: item.id, status: item.status, detail: null })),
      );
    return this.#serial(id, async () => {
      const latest = await this.#require(id);
      if (latest.state !== 'ingesting' || !latest.ingest) return latest;
      latest.state = succeeded ? 'done' : 'failed';
      latest.ingest.finishedAt = new Date().toISOString();
      await this.folders.save(latest);
      // Every file is in the archive, checked against its sha256: the staged copies go.
      // A failed deposit keeps them, to be ingested again.
      if (succeeded) await this.folders.removeFiles(id);
      return latest;
    });
  }

  async #itemProgress(
    items: NonNullable<DepositRecord['ingest']>['items'],
  ): Promise<ItemProgress[]> {
    const statuses = await itemStatusesOf(
      this.#catalog,
      items.map((item) => item.id),
    );
    const progress: ItemProgress[] = [];
    for (const item of items) {
      const status = statuses.get(item.id);
      const jobs: JobCounts = {
        total: item.jobs.length,
        done: 0,
        failed: 0,
        running: 0,
        waiting: 0,
      };
      const final = status?.status === 'ready' || status?.status === 'failed';
      const states = await Promise.all(
        item.jobs.map((job) =>
          final ? 'completed' : this.#queues.queue(job.queue as QueueName).getJobState(job.id),
        ),
      );
      for (const state of states) {
        if (state === 'completed') jobs.done += 1;
        else if (state === 'failed') jobs.failed += 1;
        else if (state === 'active') jobs.running += 1;
        else jobs.waiting += 1;
      }
      progress.push({
        id: item.id,
        outcome: item.outcome,
        status: status?.status ?? 'not in the catalog',
        ...(status?.detail ? { detail: status.detail } : {}),
        jobs,
        quarantined: item.quarantined,
      });
    }
    return progress;
  }

  /** Uploads not yet received whole, as the tus file store keeps them. */
  async #uploadsInProgress(id: string): Promise<DepositFileProgress[]> {
    const folder = this.folders.uploads(id);
    const names = await readdir(folder).catch(() => [] as string[]);
    const uploading: DepositFileProgress[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const upload = await readFile(path.join(folder, name), 'utf8')
        .then((text) => JSON.parse(text) as TusUploadInfo)
        .catch(() => undefined);
      const bytes = await stat(path.join(folder, name.slice(0, -'.json'.length))).catch(
        () => undefined,
      );
      const relativePath = upload?.metadata?.relativePath;
      if (!upload || !bytes || typeof relativePath !== 'string') continue;
      if (upload.size !== undefined && bytes.size >= upload.size) continue;
      uploading.push({
        path: relativePath,
        state: 'uploading',
        received: bytes.size,
        ...(upload.size !== undefined ? { size: upload.size } : {}),
      });
    }
    return uploading;
  }

  async #require(id: string): Promise<DepositRecord> {
    const record = await this.folders.read(id);
    if (!record) throw new Error(`no deposit ${id}`);
    return record;
  }

  /** Runs `work` after every earlier change of the same deposit has ended. */
  #serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#chains.set(id, settled);
    void settled.then(() => {
      if (this.#chains.get(id) === settled) this.#chains.delete(id);
    });
    return next;
  }
}

/** `progress` as someone other than the deposit's creator may see it. */
function visibleTo(
  viewer: Person,
  progress: DepositProgress,
  planned: readonly PlannedDepositItem[],
): DepositProgress {
  const seen = planned.filter(
    ({ paths: _paths, ...facts }) => decideAccess(viewer, facts, 'view').allowed,
  );
  const ids = new Set(seen.map((item) => item.id));
  const paths = new Set(seen.flatMap((item) => item.paths));
  const { check, ingest, ...rest } = progress;
  return {
    ...rest,
    files: progress.files.filter((file) => paths.has(file.path)),
    ...(check
      ? {
          check: {
            ...check,
            items: seen.length,
            problems: check.problems.filter((problem) => paths.has(problem.file)),
          },
        }
      : {}),
    ...(ingest
      ? {
          ingest: {
            ...ingest,
            items: ingest.items.filter((item) => ids.has(item.id)),
            failed: ingest.failed.filter((failure) => ids.has(failure.itemId)),
          },
        }
      : {}),
  };
}

/** What the tus file store writes next to an upload (`<id>.json`). */
interface TusUploadInfo {
  size?: number;
  metadata?: Record<string, string | null>;
}
