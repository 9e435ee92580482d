import { Hono } from 'hono';
import { encodeTimeIdCursor } from '../cursor.js';
import { toSessionTurnDto } from '../dto/trace-summary.js';
import { turnMessages } from '../session-turns.js';
import { Params } from '../params.js';
import type { SessionReader } from '../reader/session-reader.js';
import type { EvaluationReader } from '../reader/evaluation-reader.js';
import type { LogReader } from '../reader/log-reader.js';
import type { SessionScoreStore } from '../session-scores.js';
import { ApiError } from './errors.js';
import type { AppEnv } from '../app.js';
import { DAY_MS } from '../reader/query.js';

const MAX_ID = 512;
const isSessionId = (id: string) => id.length > 0 && id.length <= MAX_ID;

/** A session's turns show at most this many content log records (messages some instrumentations send apart from their spans). */
const MAX_SESSION_LOGS = 20_000;

export function sessionRoutes(
  reader: SessionReader,
  evaluations: EvaluationReader,
  sessionScores: SessionScoreStore,
  logs: LogReader,
  erase: (projectId: string, sessionId: string) => Promise<number>,
) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'userId', 'limit', 'cursor']);
    const { startMs, endMs } = p.timeRange(7 * DAY_MS);
    const page = await reader.list({
      projectId: c.var.projectId,
      startMs,
      endMs,
      userId: p.string('userId'),
      limit: p.limit(50, 1000),
      after: p.timeIdCursor('cursor', isSessionId),
    });
    // Each row's scores on the session as a whole, summed up by name (read by the page's sessions: a key lookup).
    const scores = await sessionScores.summaries(c.var.projectId, page.items.map((s) => s.sessionId));
    const sessions = page.items.map((s) => ({ ...s, scores: scores.get(s.sessionId) ?? [] }));
    return c.json({ sessions, nextCursor: page.next ? encodeTimeIdCursor(page.next) : null });
  });

  app.get('/:sessionId', async (c) => {
    const p = new Params(c.req.url, ['start', 'end']);
    const sessionId = c.req.param('sessionId');
    if (!isSessionId(sessionId)) throw new ApiError(400, `session id must be 1 to ${MAX_ID} characters`);
    const { startMs, endMs } = p.timeRange(30 * DAY_MS);
    const found = await reader.get({ projectId: c.var.projectId, sessionId, startMs, endMs });
    if (!found) throw new ApiError(404, `session ${sessionId.slice(0, 64)} not found`);
    const contentLogs = await logs.spanLogsOfTraces(c.var.projectId, found.traces.map((t) => t.traceId), MAX_SESSION_LOGS);
    const turns = turnMessages(found.spans, contentLogs);
    const none = { inputMessages: null, outputMessages: null };
    const [scores, sessionScoreList] = await Promise.all([
      evaluations.byTrace(c.var.projectId, startMs, found.traces.map((t) => t.traceId)),
      sessionScores.ofSessions(c.var.projectId, [sessionId]),
    ]);
    return c.json({
      ...found.session,
      // Scores on the session as a whole; each turn carries its trace's.
      scores: sessionScoreList.get(sessionId) ?? [],
      traces: found.traces.map((t) => toSessionTurnDto(t, turns.get(t.traceId) ?? none, scores.get(t.traceId) ?? [])),
    });
  });

  app.delete('/:sessionId', async (c) => {
    const sessionId = c.req.param('sessionId');
    if (!isSessionId(sessionId)) throw new ApiError(400, `session id must be 1 to ${MAX_ID} characters`);
    // Idempotent, like erasing a user: nothing (left) answers 0.
    return c.json({ sessionId, erasedTraces: await erase(c.var.projectId, sessionId) });
  });
  return app;
}
