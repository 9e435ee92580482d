import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A request the API refuses, with the message the caller sees as {"error": …}. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorResponse(c: Context, err: unknown) {
  if (err instanceof ApiError) return c.json({ error: err.message }, err.status);
  console.error('query error:', err);
  return c.json({ error: `internal error: ${(err as Error)?.message ?? String(err)}` }, 500);
}
