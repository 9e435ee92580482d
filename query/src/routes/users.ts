import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { encodeTimeIdCursor } from '../cursor.js';
import { Params } from '../params.js';
import { DAY_MS } from '../reader/query.js';
import type { UserReader } from '../reader/user-reader.js';
import { ApiError } from './errors.js';

const MAX_ID = 512;
const isUserId = (id: string) => id.length > 0 && id.length <= MAX_ID;

/**
 * `GET /api/v1/users`: end users by latest activity, with their traces, sessions, errors, tokens and cost;
 * `DELETE /{userId}`: everything stored of a user erased (their traces and their per-user rollup rows).
 */
export function userRoutes(reader: UserReader, erase: (projectId: string, userId: string) => Promise<number>) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'limit', 'cursor']);
    const { startMs, endMs } = p.timeRange(7 * DAY_MS);
    const page = await reader.list({ projectId: c.var.projectId, startMs, endMs, limit: p.limit(50, 1000), after: p.timeIdCursor('cursor', isUserId) });
    return c.json({ users: page.items, nextCursor: page.next ? encodeTimeIdCursor(page.next) : null });
  });
  app.delete('/:userId', async (c) => {
    const userId = c.req.param('userId');
    if (!isUserId(userId)) throw new ApiError(400, `user id must be 1 to ${MAX_ID} characters`);
    // Idempotent, as erasure requests are: a user with nothing (left) stored answers 0.
    return c.json({ userId, erasedTraces: await erase(c.var.projectId, userId) });
  });
  return app;
}
