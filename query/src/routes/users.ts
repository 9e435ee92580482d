import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { encodeTimeIdCursor } from '../cursor.js';
import { Params } from '../params.js';
import { DAY_MS } from '../reader/query.js';
import type { UserReader } from '../reader/user-reader.js';

const MAX_ID = 512;
const isUserId = (id: string) => id.length > 0 && id.length <= MAX_ID;

/** `GET /api/v1/users`: end users by latest activity, with their traces, sessions, errors, tokens and cost. */
export function userRoutes(reader: UserReader) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'limit', 'cursor']);
    const { startMs, endMs } = p.timeRange(7 * DAY_MS);
    const page = await reader.list({ projectId: c.var.projectId, startMs, endMs, limit: p.limit(50, 1000), after: p.timeIdCursor('cursor', isUserId) });
    return c.json({ users: page.items, nextCursor: page.next ? encodeTimeIdCursor(page.next) : null });
  });
  return app;
}
