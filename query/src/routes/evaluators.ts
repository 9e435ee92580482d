import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { evaluatorName, parseEvaluatorChanges, parseNewEvaluator, type EvaluatorDefinition } from '../evaluators/definition.js';
import { evaluate } from '../evaluators/evaluate.js';
import type { Evaluators } from '../evaluators/evaluators.js';
import { EvaluatorConflict } from '../evaluators/evaluator-store.js';
import { DAY_MS } from '../reader/query.js';
import { normalizeTraceId } from '../reader/trace-reader.js';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';

/** An evaluator as the API shows it: the key's variable named and whether this service has it, never its value. */
export interface EvaluatorDto extends Omit<EvaluatorDefinition, 'createdAtMs' | 'updatedAtMs' | 'judge'> {
  /** apiKeySet: this service may call the judge (its operator allows the URL, and the key variable is set); problem: why not. */
  judge: EvaluatorDefinition['judge'] & { apiKeySet: boolean; problem: string | null };
  createdAt: string;
  updatedAt: string;
}

export interface EvaluatorListItem extends EvaluatorDto {
  scoresLast24h: number;
  /** Errors this query service met running it since it started, and the latest. */
  errors: number;
  lastError: string | null;
}

// A definition is a template of a few KB.
const definitionBody = () => limitedBody(128 * 1024, 'an evaluator definition is a prompt template and a few settings');

/**
 * `/api/v1/evaluators`: online evaluators (a judge model scoring spans as they come): list and
 * create; `/{name}`: read, change, delete; `/{name}/test`: run once on a trace's span and answer
 * the verdict without storing it (with `draft`: changes tried without saving them).
 */
export function evaluatorRoutes(ev: Evaluators) {
  const app = new Hono<AppEnv>();
  const dto = (d: EvaluatorDefinition): EvaluatorDto => {
    const { createdAtMs, updatedAtMs, judge, ...rest } = d;
    const access = ev.access(judge);
    return { ...rest, judge: { ...judge, apiKeySet: access.ok, problem: access.ok ? null : access.error }, createdAt: new Date(createdAtMs).toISOString(), updatedAt: new Date(updatedAtMs).toISOString() };
  };
  const found = async (projectId: string, raw: string): Promise<EvaluatorDefinition> => {
    const name = evaluatorName(raw);
    const d = await ev.definitions.get(projectId, name);
    if (!d) throw new ApiError(404, `evaluator "${name.slice(0, 256)}" not found`);
    return d;
  };

  app.get('/', async (c) => {
    const projectId = c.var.projectId;
    const all = await ev.definitions.list(projectId);
    const counts = await ev.spans.scoreCounts(projectId, all.map((d) => d.name), Date.now() - DAY_MS);
    const evaluators: EvaluatorListItem[] = all.map((d) => {
      const health = ev.health(projectId, d.name);
      return { ...dto(d), scoresLast24h: counts.get(d.name) ?? 0, errors: health?.errors ?? 0, lastError: health?.lastError ?? null };
    });
    return c.json({ evaluators });
  });

  /** A judge no operator setting allows (another URL for a key, a key from another variable) is refused when written. */
  const allowedJudge = (spec: Pick<EvaluatorDefinition, 'judge'>) => {
    const access = ev.access(spec.judge);
    if (!access.ok && access.refused) throw new ApiError(400, `field ${access.error}`);
  };

  app.post('/', definitionBody(), async (c) => {
    const { name, spec } = parseNewEvaluator(await jsonBody(c));
    allowedJudge(spec);
    try {
      return c.json(dto(await ev.definitions.create(c.var.projectId, name, spec)), 201);
    } catch (err) {
      if (err instanceof EvaluatorConflict) throw new ApiError(409, err.message);
      throw err;
    }
  });

  app.get('/:name', async (c) => c.json(dto(await found(c.var.projectId, c.req.param('name')))));

  app.patch('/:name', definitionBody(), async (c) => {
    const old = await found(c.var.projectId, c.req.param('name'));
    const body = await jsonBody(c);
    // Checked before the write, so a refused change answers 400 rather than failing inside it.
    allowedJudge(parseEvaluatorChanges(old, body));
    const updated = await ev.definitions.update(c.var.projectId, old.name, (current) => parseEvaluatorChanges(current, body));
    if (!updated) throw new ApiError(404, `evaluator "${old.name.slice(0, 256)}" not found`);
    return c.json(dto(updated));
  });

  app.delete('/:name', async (c) => {
    const name = evaluatorName(c.req.param('name'));
    if (!(await ev.definitions.remove(c.var.projectId, name))) throw new ApiError(404, `evaluator "${name.slice(0, 256)}" not found`);
    return c.body(null, 204);
  });

  app.post('/:name/test', definitionBody(), async (c) => {
    const projectId = c.var.projectId;
    const stored = await found(projectId, c.req.param('name'));
    const { traceId, spanId, draft } = parseTestBody(await jsonBody(c));
    const spec = draft === undefined ? stored : parseEvaluatorChanges(stored, draft);
    allowedJudge(spec);
    const subject = await ev.spans.subject(projectId, spec.target, traceId, spanId);
    if (!subject) throw new ApiError(404, spanId ? `span ${spanId} of trace ${traceId} not found` : `trace ${traceId} not found, or it has no ${spec.target === 'llm' ? 'model call' : 'root span'}`);
    const outcome = await evaluate(spec, subject, ev.judge, ev.access);
    const base = { traceId: subject.traceId, spanId: subject.spanId, prompt: outcome.prompt };
    if (!outcome.ok) return c.json({ ...base, error: outcome.error }, 502);
    return c.json({ ...base, score: outcome.verdict.score ?? null, label: outcome.verdict.label ?? null, reasoning: outcome.verdict.reasoning });
  });
  return app;
}

function parseTestBody(body: unknown): { traceId: string; spanId?: string; draft?: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'the body must be a JSON object: {"traceId", "spanId"?, "draft"?}');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !['traceId', 'spanId', 'draft'].includes(k));
  if (unknown) throw new ApiError(400, `unknown field "${unknown.slice(0, 64)}" (fields: traceId, spanId, draft)`);
  const traceId = typeof b.traceId === 'string' ? normalizeTraceId(b.traceId) : undefined;
  if (!traceId) throw new ApiError(400, 'field traceId: expected 16 or 32 hex characters');
  if (b.spanId !== undefined && b.spanId !== null && (typeof b.spanId !== 'string' || !/^[0-9a-fA-F]{16}$/.test(b.spanId))) throw new ApiError(400, 'field spanId: expected 16 hex characters');
  return { traceId, spanId: typeof b.spanId === 'string' ? b.spanId.toLowerCase() : undefined, draft: b.draft ?? undefined };
}
