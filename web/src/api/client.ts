import type {
  Annotation,
  Caller,
  Item,
  ItemStatus,
  ItemSummary,
  PageLayout,
  ProblemBody,
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

async function request<T>(
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

function query(parameters: Record<string, string | undefined>): string {
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

const itemPath = (id: string) => `/items/${encodeURIComponent(id)}`;

export async function fetchAnnotations(id: string, signal?: AbortSignal): Promise<Annotation[]> {
  return (
    await request<{ annotations: Annotation[] }>('GET', `${itemPath(id)}/annotations`, { signal })
  ).annotations;
}

/** The stored peaks of one track of a recording, with the access copy to play. */
export function fetchWaveform(
  id: string,
  recording: string,
  track: number,
  signal?: AbortSignal,
): Promise<Waveform> {
  return request<Waveform>(
    'GET',
    `${itemPath(id)}/waveform${query({ recording, track: String(track) })}`,
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

/** Where a page's image is fetched (OpenSeadragon reads it itself). */
export const pageImageUrl = (id: string, scan: string, page: number): string =>
  `/api${itemPath(id)}/pages/${page}/image${query({ scan })}`;
