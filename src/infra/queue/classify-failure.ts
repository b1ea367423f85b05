import { UnrecoverableError } from 'bullmq';
import { type Service, ServiceError } from './service-error.js';

/**
 * Whether a failed job or write should be tried again. `permanent`: the input is at
 * fault and will fail the same way every time. `transient`: the machine or a service
 * is, and a retry after a pause may succeed.
 */
export type FailureClass = { kind: 'permanent' } | { kind: 'transient'; service?: Service };

/** Error codes of Node, libuv and undici that describe the machine or the network. */
const transientCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOSPC',
  'EDQUOT',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EAGAIN',
  'ENOMEM',
  'EIO',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Errors that say the input is bad: the same job with the same data fails again.
 * Everything else is taken as transient, since a retry is harmless and an unknown error
 * that persists still ends in `failed` once the queue's retry time is over.
 */
const permanentErrorNames = new Set([
  'ZodError',
  'InvalidChangeError',
  'InvalidLogicalPathError',
  'InvalidObjectIdError',
]);

/** The one place that decides whether a failure is retried; every job's error path uses it. */
export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof UnrecoverableError) return { kind: 'permanent' };
  if (error instanceof ServiceError) {
    return { kind: 'transient', service: error.service };
  }
  if (isObject(error)) {
    if (error.permanent === true) return { kind: 'permanent' };
    if (typeof error.name === 'string' && permanentErrorNames.has(error.name)) {
      return { kind: 'permanent' };
    }
  }
  return { kind: 'transient' };
}

/**
 * Runs `work`, which talks to `service`; an outage becomes a `ServiceError` that names
 * the service and what to check, instead of a bare `connect ECONNREFUSED 127.0.0.1:5433`.
 */
export async function inService<T>(service: Service, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServiceError || !isOutage(error)) throw error;
    throw new ServiceError(service, error);
  }
}

/**
 * Whether `error` (or what caused it) says a service or the machine is in trouble:
 * connection refused or reset, timed out, out of space or memory. Such failures are
 * worth naming the service for; others are the code's or the input's.
 */
export function isOutage(error: unknown): boolean {
  return causes(error).some(
    (cause) =>
      (typeof cause.code === 'string' && transientCodes.has(cause.code)) ||
      isTransientSqlState(cause.code) ||
      isTransientS3(cause) ||
      isLostConnection(cause),
  );
}

/** PostgreSQL SQLSTATEs: connection lost (08), out of resources (53), shutting down (57P0x), conflicts (40001, 40P01, 55P03). */
function isTransientSqlState(code: unknown): boolean {
  return (
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    (code.startsWith('08') ||
      code.startsWith('53') ||
      code.startsWith('57P0') ||
      ['40001', '40P01', '55P03'].includes(code))
  );
}

/** AWS SDK errors: throttling, server errors and network errors. */
function isTransientS3(error: Record<string, unknown>): boolean {
  const metadata = error.$metadata as { httpStatusCode?: number } | undefined;
  if (error.$retryable !== undefined) return true;
  if ((metadata?.httpStatusCode ?? 0) >= 500) return true;
  return [
    'TimeoutError',
    'RequestTimeout',
    'SlowDown',
    'ServiceUnavailable',
    'InternalError',
  ].includes(error.name as string);
}

/** ioredis and pg: a command sent on a connection that broke, or given up on. */
function isLostConnection(error: Record<string, unknown>): boolean {
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /^Connection is closed|^Stream isn't writeable|Connection terminated|is not queryable/.test(
      String(error.message),
    )
  );
}

/** The error, its `cause` chain and the errors of an `AggregateError` (pg tries every address). */
function causes(error: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!isObject(value) || depth > 8) return;
    found.push(value);
    visit(value.cause, depth + 1);
    if (Array.isArray(value.errors)) for (const inner of value.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
