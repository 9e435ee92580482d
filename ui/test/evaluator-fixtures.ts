// Online evaluators for the fake API: one exists; POST /api/v1/evaluators adds one, PATCH changes it, /test answers a verdict.
import type { EvaluatorListItem } from '../src/api/types.js';
import { WEATHER_TRACE_ID } from './fixtures.js';

export const EVALUATOR = 'helpfulness';
const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });

const existing: EvaluatorListItem = {
  name: EVALUATOR, enabled: true, target: 'llm', filters: { model: 'gpt-4o' }, samplingRate: 0.25,
  judge: { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKeyEnv: 'WATCHLLM_JUDGE_KEY_OPENAI', apiKeySet: true, problem: null },
  promptTemplate: 'Rate {{output}} for {{input}}', output: { type: 'numeric' }, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
  scoresLast24h: 42, errors: 0, lastError: null,
};

export function createEvaluatorsApi() {
  const evaluators = new Map([[existing.name, existing]]);
  /** What the UI sent, in order: method, path and body. */
  const sent: { method: string; path: string; body: Record<string, unknown> }[] = [];
  return {
    sent,
    handle(method: string, url: URL, body: Record<string, unknown>) {
      const p = url.pathname;
      if (!p.startsWith('/api/v1/evaluators')) return undefined;
      if (method !== 'GET') sent.push({ method, path: p, body });
      if (p === '/api/v1/evaluators' && method === 'GET') return json(200, { evaluators: [...evaluators.values()] });
      if (p === '/api/v1/evaluators' && method === 'POST') {
        const created = { ...(body as unknown as EvaluatorListItem), judge: { ...(body.judge as EvaluatorListItem['judge']), apiKeySet: false, problem: 'environment variable WATCHLLM_JUDGE_KEY_OPENAI (the judge\'s API key) is not set on this query service' }, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), scoresLast24h: 0, errors: 0, lastError: null };
        evaluators.set(created.name, created);
        return json(201, created);
      }
      const m = p.match(/^\/api\/v1\/evaluators\/([^/]+)(\/test)?$/);
      const e = m && evaluators.get(decodeURIComponent(m[1]));
      if (!e) return json(404, { error: `evaluator "${m?.[1]}" not found` });
      if (m[2] && method === 'POST') {
        if (body.traceId !== WEATHER_TRACE_ID) return json(404, { error: `trace ${String(body.traceId)} not found, or it has no model call` });
        const template = String((body.draft as { promptTemplate?: string } | undefined)?.promptTemplate ?? e.promptTemplate);
        return json(200, { traceId: WEATHER_TRACE_ID, spanId: 'a000000000000002', prompt: template.replace('{{input}}', 'What is the weather in Paris?').replace('{{output}}', 'Sunny.'), score: 0.75, label: null, reasoning: 'answers the question' });
      }
      if (method === 'PATCH') {
        const changed = { ...e, ...(body as Partial<EvaluatorListItem>), judge: { ...e.judge, ...(body.judge as object) } };
        evaluators.set(e.name, changed);
        return json(200, changed);
      }
      return json(200, e);
    },
  };
}
