import path from 'node:path';
import { FlowProducer, type Job, type JobNode, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Settings } from '../infra/config/settings-schema.js';
import { type EmbeddedRedis, startEmbeddedRedis } from '../infra/queue/embedded-redis.js';
import type { QueueLogger } from '../infra/queue/queue-logger.js';
import {
  type ConnectionRole,
  checkRedis,
  connectRedis,
  describeRedisTarget,
  type RedisConnectionOptions,
  type RedisServerInfo,
  type RedisTarget,
  redisConnectionOptions,
  redisTargetFromUrl,
} from '../infra/queue/redis-connection.js';
import type { JobPayload, JobResult } from './job-contract.js';
import { asFlowJob, type JobToAdd, type JobToAddOf } from './job-to-add.js';
import type { JobName, QueueName } from './names.js';
import { defaultJobOptions, flowQueuesOptions } from './policies.js';

/** BullMQ key prefix of heritage's queues, so they stand apart on a shared Redis. */
export const DEFAULT_QUEUE_PREFIX = 'heritage';

export interface QueueRuntimeOptions {
  /** BullMQ key prefix; producers and workers of one archive must agree. Default `heritage`. */
  prefix?: string;
  /** Default `console`. */
  logger?: QueueLogger;
}

/** Heritage's queues on one Redis, embedded or external: open once per process, close once. */
export interface QueueRuntime {
  readonly target: RedisTarget;
  readonly prefix: string;
  /** Version and settings of the server, with warnings worth showing (e.g. AOF off). */
  readonly server: RedisServerInfo;
  /** The data folder's private server when `settings.redisUrl` is absent. */
  readonly embedded: EmbeddedRedis | undefined;
  /** Options for BullMQ objects that need their own connections (workers, queue events). */
  connectionOptions(role: ConnectionRole): RedisConnectionOptions;
  /** The queue `name`, with its policy's default job options; one object per name. */
  queue(name: QueueName): Queue;
  /**
   * Adds one job to its queue: the contract types its payload and queue (use `jobToAdd`
   * to build it), and the job's result.
   */
  addJob<J extends JobName>(job: JobToAdd<J>): Promise<Job<JobPayload[J], JobResult[J], J>>;
  /** The flow producer; prefer `addFlow`, which applies each queue's policy to its jobs. */
  flowProducer(): FlowProducer;
  /** Adds a parent job and its children, each with its queue's default job options. */
  addFlow(flow: JobToAddOf): Promise<JobNode>;
  /** Events of queue `name` (e.g. for `job.waitUntilFinished`), ready to use. */
  queueEvents(name: QueueName): Promise<QueueEvents>;
  /**
   * Closes queue events, the flow producer, the queues and the connection, then stops
   * the embedded server if this process started it. Stop worker runners first.
   */
  close(): Promise<void>;
}

/**
 * Connects to `settings.redisUrl`, or starts (or joins) the data folder's private
 * redis-server when it is absent, and checks that the server is fit for BullMQ.
 */
export async function openQueueRuntime(
  settings: Settings,
  options: QueueRuntimeOptions = {},
): Promise<QueueRuntime> {
  const logger = options.logger ?? console;
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const { target, embedded } = await locateRedis(settings);

  let connection: Redis | undefined;
  let server: RedisServerInfo;
  try {
    connection = await connectRedis(target, 'producer');
    server = await checkRedis(connection);
  } catch (error) {
    connection?.disconnect();
    await embedded?.stop();
    throw error;
  }
  const shared = connection;
  shared.on('error', (error) =>
    logger.warn(`redis ${describeRedisTarget(target)}: ${error.message}`),
  );

  const queues = new Map<QueueName, Queue>();
  const events = new Map<QueueName, Promise<QueueEvents>>();
  let flows: FlowProducer | undefined;
  let closing: Promise<void> | undefined;

  const reportErrors = (what: string) => (error: Error) =>
    logger.error(`${what}: ${error.message}`);
  const ensureOpen = () => {
    if (closing) throw new Error('the queue runtime is closed');
  };

  const openQueueEvents = async (name: QueueName): Promise<QueueEvents> => {
    // Read the event stream from its end as of now. BullMQ's default, '$', means "from
    // when the blocking read starts", which is some time after `waitUntilReady`: a job
    // finishing in between is never reported and `waitUntilFinished` times out.
    const eventsKey = runtime.queue(name).toKey('events');
    const [latest] = await shared.xrevrange(eventsKey, '+', '-', 'COUNT', 1);
    const queueEvents = new QueueEvents(name, {
      connection: redisConnectionOptions(target, 'worker'),
      prefix,
      lastEventId: latest?.[0] ?? '0-0',
    });
    queueEvents.on('error', reportErrors(`queue events ${name}`));
    await queueEvents.waitUntilReady();
    return queueEvents;
  };

  const runtime: QueueRuntime = {
    target,
    prefix,
    server,
    embedded,
    connectionOptions: (role) => redisConnectionOptions(target, role),
    queue(name) {
      ensureOpen();
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, {
          connection: shared,
          prefix,
          defaultJobOptions: defaultJobOptions(name, settings),
        });
        queue.on('error', reportErrors(`queue ${name}`));
        queues.set(name, queue);
      }
      return queue;
    },
    async addJob<J extends JobName>(job: JobToAdd<J>) {
      const added = await runtime.queue(job.queueName).add(job.name, job.data, job.opts);
      // The queue holds jobs of several names; this one was added with `J`'s payload.
      return added as Job<JobPayload[J], JobResult[J], J>;
    },
    flowProducer() {
      ensureOpen();
      if (!flows) {
        flows = new FlowProducer({ connection: shared, prefix });
        flows.on('error', reportErrors('flow producer'));
      }
      return flows;
    },
    addFlow(flow) {
      return runtime
        .flowProducer()
        .add(asFlowJob(flow), { queuesOptions: flowQueuesOptions(settings) });
    },
    queueEvents(name) {
      ensureOpen();
      let ready = events.get(name);
      if (!ready) {
        ready = openQueueEvents(name);
        events.set(name, ready);
      }
      return ready;
    },
    close() {
      closing ??= (async () => {
        // Listeners first, then producers, then the connection they share, then the server.
        await Promise.allSettled([...events.values()].map(async (ready) => (await ready).close()));
        await flows?.close();
        await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
        await shared.quit().catch(() => shared.disconnect());
        await embedded?.stop();
      })();
      return closing;
    },
  };
  return runtime;
}

/** The Redis of `settings.redisUrl`, else the data folder's private server, started if need be. */
async function locateRedis(
  settings: Settings,
): Promise<{ target: RedisTarget; embedded?: EmbeddedRedis }> {
  if (settings.redisUrl) {
    return { target: redisTargetFromUrl(settings.redisUrl, 'redisUrl (REDIS_URL)') };
  }
  const embedded = await startEmbeddedRedis({
    dataDir: path.resolve(settings.dataDir),
    serverPath: settings.redisServerPath,
  });
  return { target: { socketPath: embedded.socketPath }, embedded };
}
