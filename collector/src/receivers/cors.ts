import type { IncomingMessage } from 'node:http';

/**
 * CORS for OTLP/HTTP, as the OTel Collector's `cors` setting of an HTTP receiver: browser apps (the OTel web SDK's
 * OTLP exporter) post from their own origin, which the browser lets through only when the receiver names it.
 * `allowed_origins` entries are origins (`https://app.example.com`), possibly with `*` wildcards
 * (`https://*.example.com`), or `*` for any; `allowed_headers` add to the headers always allowed.
 */
export interface CorsOptions {
  allowedOrigins: string[];
  allowedHeaders: string[];
  /** Seconds a browser may cache a preflight answer; 0 leaves it to the browser. */
  maxAgeSeconds: number;
}

/** Headers an OTLP exporter sends on its own, always allowed. */
const ALWAYS_ALLOWED = ['accept', 'content-type', 'content-encoding', 'x-requested-with'];

export interface CorsPolicy {
  /** Headers to add to the answer of a request from `origin` (none when the origin is not allowed). */
  responseHeaders(origin: string | undefined): Record<string, string>;
  /** The answer to a preflight (`OPTIONS`): 204, with the permission when the origin, method and headers are allowed. */
  preflight(req: IncomingMessage): Record<string, string>;
}

export function corsPolicy(options: CorsOptions): CorsPolicy {
  const any = options.allowedOrigins.includes('*');
  const patterns = options.allowedOrigins.filter((o) => o !== '*').map(originPattern);
  const allowedHeaders = new Set([...ALWAYS_ALLOWED, ...options.allowedHeaders.map((h) => h.toLowerCase())]);
  const allows = (origin: string | undefined): origin is string => origin !== undefined && (any || patterns.some((p) => p.test(origin.toLowerCase())));
  const responseHeaders = (origin: string | undefined): Record<string, string> =>
    allows(origin)
      ? // The exporters back off on Retry-After: a page's script may read it only when exposed.
        { 'access-control-allow-origin': any ? '*' : origin, 'access-control-expose-headers': 'Retry-After', vary: 'Origin' }
      : {};
  return {
    responseHeaders,
    preflight(req) {
      const origin = req.headers.origin;
      const method = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
      const requested = String(req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '');
      const headers: Record<string, string> = { vary: 'Origin' };
      if (!allows(origin) || method !== 'POST' || !requested.every((h) => allowedHeaders.has(h))) return headers;
      Object.assign(headers, responseHeaders(origin), { 'access-control-allow-methods': 'POST' });
      if (requested.length) headers['access-control-allow-headers'] = requested.join(', ');
      if (options.maxAgeSeconds > 0) headers['access-control-max-age'] = String(options.maxAgeSeconds);
      return headers;
    },
  };
}

/** `https://*.example.com` → a pattern matching the whole (lower-cased) origin, `*` standing for any run of characters. */
function originPattern(origin: string): RegExp {
  const escaped = origin
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${escaped}$`);
}

/** Problems with a configured origin: it must be `*` or `scheme://host[:port]` (wildcards allowed in the host). */
export function originProblem(origin: unknown): string | undefined {
  if (typeof origin !== 'string') return `expected an origin string, got ${JSON.stringify(origin)}`;
  if (origin === '*') return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(origin) ? undefined : `"${origin}" is not an origin (scheme://host[:port], e.g. https://app.example.com; * for any)`;
}
