// Pure mapping between URL paths and the app's pages.

export type Route =
  | { page: 'traces' }
  | { page: 'trace'; traceId: string; tab: 'waterfall' | 'steps' }
  | { page: 'sessions' }
  | { page: 'logs' }
  | { page: 'session'; sessionId: string }
  | { page: 'dashboard' }
  | { page: 'compare' }
  | { page: 'map' }
  | { page: 'users' }
  | { page: 'prompts' }
  | { page: 'prompt'; name: string }
  | { page: 'evaluators' }
  | { page: 'playground' }
  | { page: 'models' }
  | { page: 'annotate' }
  | { page: 'annotateQueue'; queueId: string }
  | { page: 'datasets' }
  | { page: 'dataset'; name: string }
  | { page: 'datasetCompare'; name: string }
  | { page: 'notFound'; path: string };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decode);
  const [head, id, sub] = parts;
  if (parts.length === 0) return { page: 'traces' };
  if (head === 'traces') {
    if (!id) return { page: 'traces' };
    if (parts.length === 2) return { page: 'trace', traceId: id, tab: 'waterfall' };
    if (parts.length === 3 && sub === 'steps') return { page: 'trace', traceId: id, tab: 'steps' };
  }
  if (head === 'sessions') {
    if (!id) return { page: 'sessions' };
    if (parts.length === 2) return { page: 'session', sessionId: id };
  }
  if (head === 'logs' && parts.length === 1) return { page: 'logs' };
  if (head === 'dashboard' && parts.length === 1) return { page: 'dashboard' };
  if (head === 'compare' && parts.length === 1) return { page: 'compare' };
  if (head === 'map' && parts.length === 1) return { page: 'map' };
  if (head === 'users' && parts.length === 1) return { page: 'users' };
  if (head === 'evaluators' && parts.length === 1) return { page: 'evaluators' };
  if (head === 'playground' && parts.length === 1) return { page: 'playground' };
  if (head === 'models' && parts.length === 1) return { page: 'models' };
  if (head === 'annotate') {
    if (parts.length === 1) return { page: 'annotate' };
    if (parts.length === 2) return { page: 'annotateQueue', queueId: id };
  }
  // Prompt names may hold '/' (Langfuse folders): everything after /prompts/ is the name.
  if (head === 'prompts') return parts.length === 1 ? { page: 'prompts' } : { page: 'prompt', name: parts.slice(1).join('/') };
  // A dataset name is one segment (encodeURIComponent keeps its '/' as %2F); the runs compared are in the query.
  if (head === 'datasets') {
    if (parts.length === 1) return { page: 'datasets' };
    if (parts.length === 2) return { page: 'dataset', name: id };
    if (parts.length === 3 && sub === 'compare') return { page: 'datasetCompare', name: id };
  }
  return { page: 'notFound', path: pathname };
}

export const paths = {
  traces: (query = '') => `/traces${query ? `?${query}` : ''}`,
  trace: (traceId: string, spanId?: string) =>
    `/traces/${encodeURIComponent(traceId)}${spanId ? `?span=${encodeURIComponent(spanId)}` : ''}`,
  steps: (traceId: string, step?: number) =>
    `/traces/${encodeURIComponent(traceId)}/steps${step !== undefined ? `?step=${step}` : ''}`,
  sessions: (query = '') => `/sessions${query ? `?${query}` : ''}`,
  session: (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}`,
  /** Prompt names may hold `/` (Langfuse folders), kept as path segments (parseRoute joins them back). */
  prompt: (name: string, version?: number) =>
    `/prompts/${name.split('/').map(encodeURIComponent).join('/')}${version === undefined ? '' : `?version=${version}`}`,
  datasets: () => '/datasets',
  /** The draft it opens is kept for the tab (lib/playground.ts), not in the URL: a span's messages can be long. */
  playground: () => '/playground',
  /** The Models page; `modelId` marks that project model (the one that priced a span). */
  models: (modelId?: string) => `/models${modelId ? `?model=${encodeURIComponent(modelId)}` : ''}`,
  dataset: (name: string) => `/datasets/${encodeURIComponent(name)}`,
  /** Annotation queues; one queue's pending items, walked one by one. */
  annotate: () => '/annotate',
  annotateQueue: (queueId: string) => `/annotate/${encodeURIComponent(queueId)}`,
  /** The dataset's items side by side across `runs` (one run shows that run alone). */
  datasetCompare: (name: string, runs: readonly string[]) =>
    `/datasets/${encodeURIComponent(name)}/compare${runs.length ? `?${runs.map((r) => `run=${encodeURIComponent(r)}`).join('&')}` : ''}`,
  dashboard: (query = '') => `/dashboard${query ? `?${query}` : ''}`,
  map: (query = '') => `/map${query ? `?${query}` : ''}`,
  compare: (a?: string, b?: string) => {
    const q = new URLSearchParams();
    if (a) q.set('a', a);
    if (b) q.set('b', b);
    const s = q.toString();
    return `/compare${s ? `?${s}` : ''}`;
  },
};

/** `traceId:spanId` reference used by the compare page. */
export interface SpanRef {
  traceId: string;
  spanId: string;
}

export function parseSpanRef(value: string | null | undefined): SpanRef | null {
  if (!value) return null;
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1) return null;
  const traceId = value.slice(0, i).trim();
  const spanId = value.slice(i + 1).trim();
  return traceId && spanId ? { traceId, spanId } : null;
}

export const formatSpanRef = (ref: SpanRef) => `${ref.traceId}:${ref.spanId}`;
