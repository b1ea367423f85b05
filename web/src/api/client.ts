import type {
  AccessEvent,
  Annotation,
  Caller,
  Collection,
  Community,
  Deposit,
  DepositCheck,
  ExportChoice,
  ExportHistoryEntry,
  ExportPreview,
  Grant,
  Item,
  ItemStatus,
  ItemSummary,
  Job,
  JobOverview,
  PageLayout,
  PeopleEvent,
  PersonAccount,
  ProblemBody,
  QueuedJob,
  Readiness,
  RetryOutcome,
  SearchHit,
  SignedIn,
  Waveform,
} from './types';

/**
 * The app's one way to the API (`/api`, same origin). The session is an HttpOnly cookie
 * the app never sees; what it keeps is the session's CSRF token, which every unsafe
 * request (POST, PUT, PATCH, DELETE) carries in `X-Heritage-CSRF`, as the API asks of
 * browsers. The token comes with signing in and with `GET /api/me`.
 */

const CSRF_HEADER = 'X-Heritage-CSRF';
let csrfToken: string | undefined;

/** An answer of the API that is not a success, with its problem body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody | undefined,
  ) {
    super(problem?.detail ?? `the server answered ${status}`);
    this.name = 'ApiError';
  }
}

export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(`/api${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => undefined);
    throw new ApiError(response.status, problem as ProblemBody | undefined);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function query(parameters: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function fetchMe(signal?: AbortSignal): Promise<Caller> {
  const me = await request<Caller>('GET', '/me', { signal });
  csrfToken = me.kind === 'account' ? me.csrfToken : undefined;
  return me;
}

export async function signIn(user: string, password: string): Promise<SignedIn> {
  const session = await request<SignedIn>('POST', '/session', { body: { user, password } });
  csrfToken = session.csrfToken;
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await request<void>('DELETE', '/session');
  } finally {
    csrfToken = undefined;
  }
}

export interface ItemFilters {
  collection?: string;
  status?: ItemStatus;
}

/** Every item the caller may see, read page after page (the API answers 1,000 at most at a time). */
export async function fetchItems(filters: ItemFilters, signal?: AbortSignal) {
  const items: ItemSummary[] = [];
  let after: string | undefined;
  do {
    const page = await request<{ items: ItemSummary[]; next?: string }>(
      'GET',
      `/items${query({ ...filters, limit: '1000', after })}`,
      { signal },
    );
    items.push(...page.items);
    after = page.next;
  } while (after);
  return items;
}

export function fetchItem(id: string, signal?: AbortSignal): Promise<Item> {
  return request<Item>('GET', `/items/${encodeURIComponent(id)}`, { signal });
}

export async function search(words: string, signal?: AbortSignal): Promise<SearchHit[]> {
  return (await request<{ hits: SearchHit[] }>('GET', `/search${query({ q: words })}`, { signal }))
    .hits;
}

export async function fetchCollections(signal?: AbortSignal): Promise<Collection[]> {
  const answer = await request<{ collections: Collection[] }>('GET', '/collections', { signal });
  return answer.collections;
}

/** The header the upload requests of a deposit carry: tus requests are changes too. */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { [CSRF_HEADER]: csrfToken } : {};
}

const depositPath = (id: string) => `/deposits/${encodeURIComponent(id)}`;

/** Where a deposit's files are sent with tus. */
export function depositUploadEndpoint(id: string): string {
  return `/api${depositPath(id)}/uploads`;
}

/** Where a deposit's server-sent events are read from. */
export function depositEventsUrl(id: string): string {
  return `/api${depositPath(id)}/events`;
}

export function createDeposit(collection: string): Promise<Deposit> {
  return request<Deposit>('POST', '/deposits', { body: { collection } });
}

export function fetchDeposit(id: string, signal?: AbortSignal): Promise<Deposit> {
  return request<Deposit>('GET', depositPath(id), { signal });
}

export function checkDeposit(id: string, manifest?: string): Promise<DepositCheck> {
  return request<DepositCheck>('POST', `${depositPath(id)}/check`, {
    body: manifest ? { manifest } : {},
  });
}

export function ingestDeposit(id: string): Promise<Deposit> {
  return request<Deposit>('POST', `${depositPath(id)}/ingest`, { body: {} });
}

export function fetchJobs(signal?: AbortSignal): Promise<JobOverview> {
  return request<JobOverview>('GET', '/jobs', { signal });
}

export async function retryJobs(selection: {
  items?: string[];
  failed?: boolean;
  stuck?: boolean;
}): Promise<RetryOutcome[]> {
  return (await request<{ outcomes: RetryOutcome[] }>('POST', '/jobs/retry', { body: selection }))
    .outcomes;
}

/** `GET /api/ready`, whose 503 is an answer too (which parts are down), not an error. */
export async function fetchReadiness(signal?: AbortSignal): Promise<Readiness> {
  try {
    return await request<Readiness>('GET', '/ready', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) {
      const down = (error.problem as { down?: string[] } | undefined)?.down ?? [];
      return { ready: false, down, detail: error.message };
    }
    throw error;
  }
}

export function previewExport(choice: ExportChoice, signal?: AbortSignal): Promise<ExportPreview> {
  return request<ExportPreview>('POST', '/exports/preview', { body: choice, signal });
}

export function runExport(choice: ExportChoice & { out: string }): Promise<QueuedJob> {
  return request<QueuedJob>('POST', '/exports', { body: choice });
}

export function fetchJob(queue: string, id: string, signal?: AbortSignal): Promise<Job> {
  return request<Job>('GET', `/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(id)}`, {
    signal,
  });
}

const itemPath = (id: string) => `/items/${encodeURIComponent(id)}`;

export async function fetchAnnotations(id: string, signal?: AbortSignal): Promise<Annotation[]> {
  return (
    await request<{ annotations: Annotation[] }>('GET', `${itemPath(id)}/annotations`, { signal })
  ).annotations;
}

/** The stored peaks of one track of a recording, with the access copy to play. */
/** The waveform of a recording; with `pixels`, merged down to at most that many peaks. */
export function fetchWaveform(
  id: string,
  recording: string,
  track: number,
  pixels: number | undefined,
  signal?: AbortSignal,
): Promise<Waveform> {
  return request<Waveform>(
    'GET',
    `${itemPath(id)}/waveform${query({ recording, track: String(track), pixels: pixels?.toString() })}`,
    { signal },
  );
}

export function fetchPageLayout(
  id: string,
  scan: string,
  page: number,
  signal?: AbortSignal,
): Promise<PageLayout> {
  return request<PageLayout>('GET', `${itemPath(id)}/pages/${page}/layout${query({ scan })}`, {
    signal,
  });
}

export async function fetchExportHistory(signal?: AbortSignal): Promise<ExportHistoryEntry[]> {
  return (await request<{ exports: ExportHistoryEntry[] }>('GET', '/exports', { signal })).exports;
}

export function fetchPeople(
  signal?: AbortSignal,
): Promise<{ people: PersonAccount[]; events: PeopleEvent[] }> {
  return request('GET', '/people', { signal });
}

export function addPerson(person: {
  id: string;
  name: string;
  language: 'vi' | 'en';
  password: string;
  reason?: string;
}): Promise<{ version: string }> {
  return request('POST', '/people', { body: person });
}

export async function fetchCommunities(signal?: AbortSignal): Promise<Community[]> {
  return (await request<{ communities: Community[] }>('GET', '/communities', { signal }))
    .communities;
}

export function changeGrant(
  change: 'give' | 'remove',
  body: { user: string; grant: Grant; reason: string },
): Promise<{ version: string }> {
  return request(change === 'give' ? 'POST' : 'DELETE', '/grants', { body });
}

export async function fetchAccessEvents(signal?: AbortSignal): Promise<AccessEvent[]> {
  return (
    await request<{ events: AccessEvent[] }>('GET', `/access-events${query({ limit: '1000' })}`, {
      signal,
    })
  ).events;
}

export function fetchExportFolder(
  name: string,
  signal?: AbortSignal,
): Promise<{ location: string; files: { path: string; size: number }[] }> {
  return request('GET', `/exports/folders/${encodeURIComponent(name)}`, { signal });
}

/** Where a browser downloads one file of a dataset exported to a folder of the server. */
export function exportFileAddress(name: string, file: string): string {
  return `/api/exports/folders/${encodeURIComponent(name)}/file${query({ path: file })}`;
}

/** Where a page's image is fetched (OpenSeadragon reads it itself). */
export const pageImageUrl = (id: string, scan: string, page: number): string =>
  `/api${itemPath(id)}/pages/${page}/image${query({ scan })}`;
