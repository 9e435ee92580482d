import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { Params } from '../params.js';
import { DAY_MS } from '../reader/query.js';
import { EVALUATION_GROUP_BY, type EvaluationReader } from '../reader/evaluation-reader.js';
import type { TraceReader } from '../reader/trace-reader.js';
import { fromLangfuseScore, isSessionScore, MAX_SESSION_ID, parseEvaluationInput, retractEvaluation, writeEvaluation, type EvaluatedSpan } from '../evaluation-writer.js';
import type { SessionScoreStore } from '../session-scores.js';
import type { LogReader } from '../reader/log-reader.js';
import { normalizeTraceId } from '../reader/trace-reader.js';
import { ATTR_WATCHLLM_EVALUATION_ID, GEN_AI_EVENT_EVALUATION_RESULT, WATCHLLM_EVENT_EVALUATION_RETRACTED } from '@watchllm/semconv';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';
import type { LegacyAssembler } from '../langfuse/legacy-assembler.js';
import { stagedEvent, stageEvents, TRACE_EVENT_TYPES, withTraceIds, type StagedEvent } from '../langfuse/legacy-events.js';
import { otlpIdsOfScore } from '../langfuse/legacy-spans.js';
import type { Store } from '@watchllm/collector';
import type { ScoreConfig } from '../score-configs/score-config.js';
import type { ScoreConfigStore } from '../score-configs/score-config-store.js';
import { scoreConfigFinder, withScoreConfig, type ScoreConfigFinder } from '../score-configs/score-check.js';

/**
 * `GET /api/v1/evaluations`: evaluation results summed up by name, or name and evaluated model; `/trend`: average
 * score over time; `POST`: a score given to a span of the caller's project (a person's, a backend's), or to a
 * session as a whole (`sessionId`); `DELETE /{id}?traceId=` (or `?sessionId=`): a score given that way, withdrawn.
 */
// A score is a few hundred bytes: a body past the limit is refused before it is read whole.
const scoreBodyLimit = (maxSize = 64 * 1024, what = 'a score needs a few hundred bytes') => limitedBody(maxSize, what);

/**
 * Langfuse's ingestion endpoints, so a Langfuse SDK (base URL set to this API) lands as it would in Langfuse:
 * `POST /scores` (answered as Langfuse does: 200 with the id) and `POST /ingestion`, the batch its clients send
 * (207 with successes and errors per event): `score-create` events kept as evaluations, like
 * `POST /api/v1/evaluations`; trace, span, generation and event create / update events (its pre-OpenTelemetry
 * tracing: JS SDK v3, Python SDK v2) kept, then written as spans once their trace is quiet (`legacy`); a score on a
 * dataset run (no trace) is kept with the run (`runScore`), one on a session (no trace) with the session (`sessionScores`).
 * A score naming a score config (`configId`) is checked against it first (`configs`).
 */
export function langfuseRoutes(traces: TraceReader, store: Store, legacy: LegacyAssembler, runScore: RunScoreKeeper, sessionScores: SessionScoreStore, configs: ScoreConfigStore) {
  const app = new Hono<AppEnv>();
  const score = async (projectId: string, body: unknown, deadline = Date.now() + SPAN_WAIT_MS, configOf: ScoreConfigFinder = scoreConfigFinder(configs, projectId)) => {
    const config = await configOf((body as { configId?: unknown } | null)?.configId);
    // A score on a dataset run as a whole (what run evaluators give) is kept with the run.
    if (isRunScore(body)) return runScore(projectId, body, config);
    const input = fromLangfuseScore(typeof body === 'object' && body !== null && !Array.isArray(body) ? otlpIdsOfScore(body as Record<string, unknown>) : body, config);
    const sourceId = (body as { id?: unknown } | null)?.id;
    const given = typeof sourceId === 'string' && sourceId !== '' ? sourceId : undefined;
    // A score on a session as a whole (a conversation's user satisfaction) is kept with the session.
    if (isSessionScore(input)) return sessionScores.add(projectId, input, Date.now(), given);
    const lookup = () => scoredSpan(traces, projectId, input.traceId, input.spanId);
    const span = await lookup().catch(async (err: unknown) => {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      // A trace sent as ingestion events may still wait to be written (it is written once quiet): write it now.
      await legacy.writeNow(projectId, input.traceId);
      return untilFound(lookup, deadline, err);
    });
    return writeEvaluation(store, projectId, span, input, Date.now(), given);
  };
  app.post('/scores', scoreBodyLimit(), async (c) => c.json({ id: (await score(c.var.projectId, await jsonBody(c))).id }));
  // Langfuse's SDKs send batches of up to ~3.5 MB.
  app.post('/ingestion', scoreBodyLimit(5 * 1024 * 1024, 'send smaller batches'), async (c) => {
    const body = (await jsonBody(c)) as { batch?: unknown };
    // One wait for the batch's scores whose spans are still on their way, not one each.
    const deadline = Date.now() + SPAN_WAIT_MS;
    if (!Array.isArray(body?.batch)) throw new ApiError(400, 'field batch: expected a list of events');
    const successes: { id: string; status: number }[] = [];
    const errors: { id: string; status: number; message: string }[] = [];
    const staged: [string, StagedEvent][] = [];
    const scores: [string, unknown][] = [];
    const now = Date.now();
    for (const raw of body.batch.slice(0, 1000)) {
      const event = (raw ?? {}) as { id?: unknown; type?: unknown; body?: unknown; timestamp?: unknown };
      const id = typeof event.id === 'string' ? event.id : '';
      if (TRACE_EVENT_TYPES.has(String(event.type))) {
        const checked = stagedEvent(event, now);
        if (typeof checked === 'string') errors.push({ id, status: 400, message: checked });
        else staged.push([id, checked]);
        continue;
      }
      if (event.type === 'sdk-log') {
        successes.push({ id, status: 201 });
        continue;
      }
      if (event.type !== 'score-create') {
        errors.push({ id, status: 400, message: `event type ${String(event.type).slice(0, 64)} is not taken here` });
        continue;
      }
      scores.push([id, event.body]);
    }
    if (staged.length > 0) {
      const { known, unknown } = await withTraceIds(store, c.var.projectId, staged);
      for (const id of unknown) errors.push({ id, status: 400, message: 'body.traceId: expected the id of the trace this observation belongs to (no earlier event of it is known)' });
      // Kept (fsynced) before the answer: an event acknowledged is not lost. A failure here fails the batch, which the SDK sends again.
      await stageEvents(store, c.var.projectId, known.map(([, e]) => e), now).catch((err: unknown) => {
        throw new ApiError(503, `could not keep the batch's trace events (${(err as Error).message}); send it again`);
      });
      for (const [id] of known) successes.push({ id, status: 201 });
      legacy.kick();
    }
    // After the trace events: a score may name a trace of this very batch. The batch's scores look each config up once.
    const configOf = scoreConfigFinder(configs, c.var.projectId);
    for (const [id, scoreBody] of scores) {
      try {
        await score(c.var.projectId, scoreBody, deadline, configOf);
        successes.push({ id, status: 201 });
      } catch (err) {
        errors.push({ id, status: err instanceof ApiError ? err.status : 500, message: (err as Error).message });
      }
    }
    return c.json({ successes, errors }, 207);
  });
  return app;
}

/**
 * How long a Langfuse score waits for the span it names: its SDK sends spans (OpenTelemetry, exported as they end)
 * and scores (batched) at once, and an experiment scores its items right after their spans end.
 */
const SPAN_WAIT_MS = 3000;

/** `lookup()`'s span once it is stored, looked up now, then every 100 ms until `deadline`; `notFound` after that. */
async function untilFound(lookup: () => Promise<EvaluatedSpan>, deadline: number, notFound: ApiError): Promise<EvaluatedSpan> {
  for (;;) {
    try {
      return await lookup();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
    if (Date.now() >= deadline) throw notFound;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Keeps a Langfuse score given to a dataset run (`datasetRunId` without `traceId`), checked against `config` when it names one; answers its id. */
export type RunScoreKeeper = (projectId: string, body: Record<string, unknown>, config?: ScoreConfig) => Promise<{ id: string }>;

const isRunScore = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Record<string, unknown>).datasetRunId != null && (body as Record<string, unknown>).traceId == null;

export function evaluationRoutes(reader: EvaluationReader, traces: TraceReader, logs: LogReader, store: Store, sessionScores: SessionScoreStore, configs: ScoreConfigStore) {
  const app = new Hono<AppEnv>();
  const limit = scoreBodyLimit();
  app.post('/', limit, async (c) => {
    const body = await jsonBody(c);
    const parsed = parseEvaluationInput(body);
    const config = await scoreConfigFinder(configs, c.var.projectId)(parsed.configId);
    const input = config ? withScoreConfig(config, parsed) : parsed;
    if (isSessionScore(input)) return c.json(await sessionScores.add(c.var.projectId, input), 201);
    const span = await scoredSpan(traces, c.var.projectId, input.traceId, input.spanId);
    return c.json(await writeEvaluation(store, c.var.projectId, span, input), 201);
  });
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[0-9a-f]{16}$/.test(id)) throw new ApiError(400, `evaluation id "${id.slice(0, 64)}" must be 16 hex characters (the id POST returned)`);
    const p = new Params(c.req.url, ['traceId', 'sessionId']);
    const sessionId = p.string('sessionId', MAX_SESSION_ID);
    const rawTrace = p.string('traceId');
    if (sessionId !== undefined && rawTrace === undefined) {
      if (!(await sessionScores.withdraw(c.var.projectId, sessionId, id))) throw new ApiError(404, `evaluation ${id} not found in session ${sessionId.slice(0, 64)}`);
      return c.body(null, 204);
    }
    if (rawTrace === undefined) throw new ApiError(400, 'parameter traceId: required (the trace the score is on; sessionId for a score on a session)');
    const traceId = normalizeTraceId(rawTrace);
    if (!traceId) throw new ApiError(400, `parameter traceId: "${rawTrace.slice(0, 64)}" must be 16 or 32 hex characters`);
    const where = await traces.locate(c.var.projectId, traceId);
    const records = where.logs ? await logs.spanLogs(c.var.projectId, traceId, where.logs) : [];
    const given = records.find((l) => l.eventName === GEN_AI_EVENT_EVALUATION_RESULT && l.attributes[ATTR_WATCHLLM_EVALUATION_ID] === id);
    const withdrawn = records.some((l) => l.eventName === WATCHLLM_EVENT_EVALUATION_RETRACTED && l.attributes[ATTR_WATCHLLM_EVALUATION_ID] === id);
    if (!given || withdrawn) throw new ApiError(404, `evaluation ${id} not found in trace ${traceId}`);
    await retractEvaluation(store, c.var.projectId, await scoredSpan(traces, c.var.projectId, traceId, given.spanId), id);
    return c.body(null, 204);
  });
  const filter = (p: Params, projectId: string) => ({ ...p.scope(projectId, 7 * DAY_MS), service: p.string('service'), name: p.string('name') });
  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'service', 'name', 'groupBy']);
    const groupBy = p.oneOf('groupBy', EVALUATION_GROUP_BY) ?? 'name';
    return c.json({ groupBy, rows: await reader.summary(filter(p, c.var.projectId), groupBy) });
  });
  app.get('/trend', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'service', 'name', 'step']);
    const f = filter(p, c.var.projectId);
    const step = p.bucketStep(f.endMs - f.startMs);
    return c.json({ step, series: await reader.timeseries(f, step) });
  });
  return app;
}

/** The span a score is for, in the caller's project: the one named, else the trace's (first) root; 404 when there is none. */
async function scoredSpan(traces: TraceReader, projectId: string, traceId: string, spanId: string | undefined): Promise<EvaluatedSpan> {
  const where = await traces.locate(projectId, traceId);
  const spans = where.spans ? await traces.readSpans(projectId, traceId, where.spans) : [];
  if (spans.length === 0) throw new ApiError(404, `trace ${traceId} not found`);
  const ids = new Set(spans.map((s) => s.spanId));
  const span = spanId ? spans.find((s) => s.spanId === spanId) : (spans.find((s) => !ids.has(s.parentSpanId)) ?? spans[0]);
  if (!span) throw new ApiError(404, `span ${spanId} is not in trace ${traceId}`);
  return { traceId, spanId: span.spanId, serviceName: span.serviceName };
}
