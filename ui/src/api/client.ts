// Thin fetch wrapper: every failure becomes an ApiError with a message a person can read.

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryParams = Record<string, string | number | boolean | null | undefined | string[]>;

/** Builds `path?query`, skipping empty values; arrays repeat the key. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
    else search.append(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

async function errorMessage(res: Response): Promise<string> {
  const fallback = `${res.status} ${res.statusText || 'error'}`.trim();
  try {
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (body && typeof body.error === 'string' && body.error) return body.error;
    } catch {
      if (text && text.length < 300 && !text.trimStart().startsWith('<')) return text;
    }
  } catch {
    /* body unreadable: use the status line */
  }
  return fallback;
}

const API_KEY_STORAGE = 'watchllm.apiKey';

/**
 * The API key when the server requires one: opening the UI once with `?apiKey=<key>` stores it
 * in this browser (and takes it out of the address bar); every request then sends it.
 */
export function apiKey(): string | null {
  try {
    const url = new URL(location.href);
    const given = url.searchParams.get('apiKey');
    if (given) {
      localStorage.setItem(API_KEY_STORAGE, given);
      url.searchParams.delete('apiKey');
      history.replaceState(history.state, '', url);
    }
    return localStorage.getItem(API_KEY_STORAGE);
  } catch {
    return null; // no DOM storage (tests, privacy modes): anonymous
  }
}

/** A request with the API key, any failure turned into an ApiError a person can read. */
async function authorizedFetch(url: string, accept: string, init: { method?: string; body?: string; signal?: AbortSignal } = {}): Promise<Response> {
  let res: Response;
  const key = apiKey();
  const headers: Record<string, string> = { accept, ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) };
  try {
    res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body, signal: init.signal });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError('Cannot reach the WatchLLM query service. Is it running?', 0);
  }
  if (res.status === 401) {
    throw new ApiError(`${await errorMessage(res)} — this WatchLLM requires an API key: open the UI once as /?apiKey=<key> (create one with "watchllm keys create --project NAME").`, 401);
  }
  if (!res.ok) throw new ApiError(await errorMessage(res), res.status);
  return res;
}

/** A file the API serves (an export, an uploaded image), with the API key. */
export async function apiBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  return (await authorizedFetch(url, '*/*', { signal })).blob();
}

/** Fetches a file the API builds (an export) and hands it to the browser as a download. */
export async function apiDownload(url: string, fileName: string): Promise<void> {
  const href = URL.createObjectURL(await apiBlob(url));
  const a = Object.assign(document.createElement('a'), { href, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export async function apiGet<T>(url: string, signal?: AbortSignal): Promise<T> {
  return jsonOf<T>(await authorizedFetch(url, 'application/json', { signal }), url);
}

/** DELETEs `url`; an ApiError with the server's message when it refuses. */
export async function apiDelete(url: string): Promise<void> {
  await authorizedFetch(url, 'application/json', { method: 'DELETE' });
}

/** POSTs `body` as JSON; the answer's JSON, or an ApiError with the server's message. */
export async function apiPost<T>(url: string, body: unknown): Promise<T> {
  return jsonOf<T>(await authorizedFetch(url, 'application/json', { method: 'POST', body: JSON.stringify(body) }), url);
}

/** PATCHes `body` as JSON, as apiPost. */
export async function apiPatch<T>(url: string, body: unknown): Promise<T> {
  return jsonOf<T>(await authorizedFetch(url, 'application/json', { method: 'PATCH', body: JSON.stringify(body) }), url);
}

async function jsonOf<T>(res: Response, url: string): Promise<T> {
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(`The server sent a response that is not JSON (${url.split('?')[0]}).`, res.status);
  }
}
