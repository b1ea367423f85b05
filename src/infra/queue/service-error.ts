/** The services heritage depends on, as an operator knows them. */
export type Service = 'catalog' | 'redis' | 'storage';

const serviceNames: Record<Service, { name: string; check: string }> = {
  catalog: {
    name: 'the catalog database',
    check: 'check that PostgreSQL is running and reachable at DATABASE_URL',
  },
  redis: {
    name: 'Redis',
    check: 'check that redis-server is running and reachable at REDIS_URL',
  },
  storage: {
    name: 'the archive storage',
    check: 'check that the S3 endpoint (or the data folder) is reachable and has free space',
  },
};

/**
 * A service failed for a reason that may pass (unreachable, timed out, out of space).
 * The message names the service and what to check; `cause` keeps the original error.
 */
export class ServiceError extends Error {
  constructor(
    readonly service: Service,
    cause: unknown,
  ) {
    const { name, check } = serviceNames[service];
    super(`${name} failed: ${(cause as Error)?.message ?? String(cause)} (${check})`, { cause });
    this.name = 'ServiceError';
  }
}
