// A small stand-in for the query service: serves ui/dist with SPA fallback plus the JSON API (issue 5 contract),
// computed from canned spans so filters, search and cursors behave like the real thing for the browser tests.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { SessionScore, Span, Step, StepEdge, TraceSummary } from '../src/api/types.js';
import { BROKEN_TRACE_ID, MEDIA_ID, MEDIA_PNG, NOW } from './fixtures.js';
import { createDatasetsApi } from './dataset-fixtures.js';
import { createEvaluatorsApi } from './evaluator-fixtures.js';
import { createPlaygroundApi } from './playground-fixtures.js';
import { createCommentsApi } from './comment-fixtures.js';
import { createScoreConfigsApi } from './score-config-fixtures.js';
import { createAnnotationQueuesApi } from './annotation-queue-fixtures.js';
import { createModelPricesApi } from './model-price-fixtures.js';

const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });

function summarize(spans: Span[]): TraceSummary & { text: string } {
  const root = spans[0];
  const llm = spans.filter((s) => s.genAi?.stepType === 'llm');
  const priced = llm.filter((s) => s.genAi!.costUsd !== null);
  return {
    traceId: root.traceId, rootName: root.name, serviceName: root.serviceName, startTimeUnixNano: root.startTimeUnixNano,
    durationMs: root.durationMs, spanCount: spans.length, errorCount: spans.filter((s) => s.status.code === 'ERROR').length,
    llmCallCount: llm.length, inputTokens: llm.reduce((n, s) => n + (s.genAi!.inputTokens ?? 0), 0),
    outputTokens: llm.reduce((n, s) => n + (s.genAi!.outputTokens ?? 0), 0),
    costUsd: priced.length ? priced.reduce((n, s) => n + s.genAi!.costUsd!, 0) : null,
    models: [...new Set(llm.map((s) => s.genAi!.requestModel!))],
    tags: [...new Set(spans.flatMap((s) => s.genAi?.tags ?? []))].sort(),
    sessionId: spans.find((s) => s.genAi?.conversationId)?.genAi!.conversationId ?? null,
    userId: spans.find((s) => s.genAi?.userId)?.genAi!.userId ?? null,
    text: JSON.stringify(spans).toLowerCase(),
  };
}

function steps(spans: Span[]): { steps: Step[]; edges: StepEdge[] } {
  const list: Step[] = spans.filter((s) => s.genAi).map((s, index) => {
    const g = s.genAi!;
    const calls = (g.outputMessages ?? []).flatMap((m) => m.parts.filter((p) => p.type === 'tool_call').map((p) => ({ id: p.id ?? null, name: p.name ?? null, arguments: p.arguments })));
    return { index, spanId: s.spanId, parentSpanId: s.parentSpanId, type: g.stepType, name: s.name, startTimeUnixNano: s.startTimeUnixNano,
      durationMs: s.durationMs, status: s.status.code, agentName: g.agentName, model: g.requestModel, inputMessages: g.inputMessages,
      outputMessages: g.outputMessages, requestedToolCalls: calls, toolName: g.toolName, toolCallId: g.toolCallId, toolArguments: g.toolArguments,
      toolResult: g.toolResult, inputTokens: g.inputTokens, outputTokens: g.outputTokens, costUsd: g.costUsd };
  });
  const edges: StepEdge[] = [];
  for (const s of list) {
    if (s.parentSpanId && list.some((p) => p.spanId === s.parentSpanId)) edges.push({ from: s.parentSpanId, to: s.spanId, kind: 'child' });
    for (const c of s.requestedToolCalls) {
      const tool = list.find((t) => t.type === 'tool' && t.toolCallId === c.id);
      if (tool) edges.push({ from: s.spanId, to: tool.spanId, kind: 'tool_call' });
    }
  }
  return { steps: list, edges };
}

function groupKey(s: Span, by: string): string {
  const g = s.genAi!;
  return (by === 'provider' ? g.provider : by === 'service' ? s.serviceName : by === 'user' ? g.userId : g.requestModel) ?? '';
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function createFakeApi(traces: Span[][], distDir: string) {
  const summaries = traces.map(summarize);
  const llmSpans = traces.flat().filter((s) => s.genAi?.stepType === 'llm');
  const requests: string[] = [];
  const datasets = createDatasetsApi();
  const sessionScores = createSessionScoresApi();
  const evaluators = createEvaluatorsApi();
  const playground = createPlaygroundApi();
  const comments = createCommentsApi();
  const scoreConfigs = createScoreConfigsApi();
  const annotationQueues = createAnnotationQueuesApi(scoreConfigs.ids);
  const modelPrices = createModelPricesApi();

  function api(url: URL) {
    const p = url.pathname;
    const q = url.searchParams;
    let m: RegExpMatchArray | null;
    if (p === '/api/v1/traces') {
      let rows = summaries;
      const model = q.get('model');
      if (model) rows = rows.filter((t) => t.models.includes(model));
      const service = q.get('service');
      if (service) rows = rows.filter((t) => t.serviceName === service);
      if (q.get('status') === 'error') rows = rows.filter((t) => t.errorCount > 0);
      if (q.get('status') === 'ok') rows = rows.filter((t) => t.errorCount === 0);
      const words = (q.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      rows = rows.filter((t) => words.every((w) => t.text.includes(w)));
      const limit = Math.min(Number(q.get('limit') ?? 50), 1000);
      const offset = Number(q.get('cursor') ?? 0);
      const page = rows.slice(offset, offset + limit).map(({ text: _t, ...t }) => t);
      return json(200, { traces: page, nextCursor: offset + limit < rows.length ? String(offset + limit) : null });
    }
    if ((m = p.match(/^\/api\/v1\/traces\/([^/]+)(\/steps)?$/))) {
      if (m[1] === BROKEN_TRACE_ID) return json(500, { error: 'storage unavailable: connection refused' });
      const spans = traces.find((t) => t[0].traceId === m![1]);
      if (!spans) return json(404, { error: `trace ${m[1]} not found` });
      return json(200, m[2] ? { traceId: m[1], ...steps(spans) } : { traceId: m[1], spans });
    }
    if (p === '/api/v1/sessions') {
      const ids = [...new Set(summaries.map((t) => t.sessionId).filter((s): s is string => !!s))];
      return json(200, { sessions: ids.map((id) => {
        const ts = summaries.filter((t) => t.sessionId === id);
        return { sessionId: id, userId: ts[0].userId, traceCount: ts.length, firstSeenUnixNano: ts[ts.length - 1].startTimeUnixNano, lastSeenUnixNano: ts[0].startTimeUnixNano,
          inputTokens: ts.reduce((n, t) => n + (t.inputTokens ?? 0), 0), outputTokens: ts.reduce((n, t) => n + (t.outputTokens ?? 0), 0), costUsd: ts.reduce((n, t) => n + (t.costUsd ?? 0), 0),
          scores: id === 'sess-alice-1' ? [{ name: 'satisfaction', count: 2, avgScore: 0.75, label: null }] : [] };
      }), nextCursor: null });
    }
    if ((m = p.match(/^\/api\/v1\/sessions\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1]);
      const ts = traces.filter((t) => t.some((s) => s.genAi?.conversationId === id)).reverse();
      if (!ts.length) return json(404, { error: `session ${id} not found` });
      return json(200, { sessionId: id, userId: ts[0].find((s) => s.genAi?.userId)?.genAi!.userId ?? null, scores: sessionScores.of(id), traces: ts.map((spans) => {
        const llm = spans.filter((s) => s.genAi?.stepType === 'llm');
        const sum = summarize(spans);
        return { traceId: sum.traceId, rootName: sum.rootName, startTimeUnixNano: sum.startTimeUnixNano, durationMs: sum.durationMs,
          inputMessages: llm[0]?.genAi!.inputMessages ?? null, outputMessages: llm[llm.length - 1]?.genAi!.outputMessages ?? null,
          costUsd: sum.costUsd, inputTokens: sum.inputTokens, outputTokens: sum.outputTokens };
      }) });
    }
    if (p === '/api/v1/costs') {
      const by = q.get('groupBy') ?? 'model';
      const groups = new Map<string, Span[]>();
      for (const s of llmSpans) groups.set(groupKey(s, by), [...(groups.get(groupKey(s, by)) ?? []), s]);
      const row = (key: string, ss: Span[]) => ({ key, costUsd: ss.reduce((n, s) => n + (s.genAi!.costUsd ?? 0), 0), inputTokens: ss.reduce((n, s) => n + (s.genAi!.inputTokens ?? 0), 0),
        outputTokens: ss.reduce((n, s) => n + (s.genAi!.outputTokens ?? 0), 0), cacheReadTokens: ss.reduce((n, s) => n + (s.genAi!.cacheReadTokens ?? 0), 0),
        reasoningTokens: ss.reduce((n, s) => n + (s.genAi!.reasoningTokens ?? 0), 0), calls: ss.length, errors: ss.filter((s) => s.status.code === 'ERROR').length,
        unpricedCalls: ss.filter((s) => s.genAi!.costUsd === null).length });
      // The fixtures carry no tags: nothing by tag.
      if (by === 'tag') return json(200, { groupBy: by, rows: [], total: row('', []) });
      return json(200, { groupBy: by, rows: [...groups].map(([k, ss]) => row(k, ss)), total: row('', llmSpans) });
    }
    if (p === '/api/v1/metrics/latency') {
      const by = q.get('groupBy') ?? 'model';
      const keys = [...new Set(llmSpans.map((s) => groupKey(s, by)))];
      return json(200, { groupBy: by, rows: keys.map((key, i) => ({ key, p50Ms: 400 + i * 100, p95Ms: 900 + i * 150, p99Ms: 1500 + i * 200, count: 10 + i, ttftP50Ms: i === 0 ? 300 : null })) });
    }
    if (p === '/api/v1/metrics/timeseries') {
      const metric = q.get('metric') ?? 'cost';
      const by = q.get('groupBy') ?? 'model';
      const keys = [...new Set(llmSpans.map((s) => groupKey(s, by)))];
      const hour = 3600_000;
      const base = Math.floor(NOW / hour) * hour;
      const scale: Record<string, number> = { cost: 0.01, tokens: 1000, calls: 10, errors: 1, latency_p50: 500, latency_p95: 1200, latency_p99: 2000 };
      return json(200, { series: keys.map((key, k) => ({ key, points: Array.from({ length: 24 }, (_, i) => [base - (23 - i) * hour, Math.round((scale[metric] ?? 1) * (1 + k + Math.sin(i / 3 + k)) * 1000) / 1000]) })) });
    }
    if (p === `/api/v1/media/${MEDIA_ID}`) return { status: 200, type: 'image/png', body: MEDIA_PNG };
    if (p === '/api/v1/models') return json(200, { models: [...new Set(llmSpans.map((s) => s.genAi!.requestModel))] });
    if (p === '/api/v1/services') return json(404, { error: 'not found' });
    return json(404, { error: `no route ${p}` });
  }

  async function serveStatic(p: string) {
    const file = path.join(distDir, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    const ext = path.extname(file);
    if (ext && file.startsWith(distDir)) {
      try {
        const type = ext === '.js' ? 'text/javascript' : ext === '.css' ? 'text/css' : 'text/html';
        return { status: 200, type, body: await readFile(file) };
      } catch {
        return { status: 404, type: 'text/plain', body: 'not found' };
      }
    }
    return { status: 200, type: 'text/html', body: await readFile(path.join(distDir, 'index.html')) };
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const body = req.method === 'POST' || req.method === 'PATCH' ? await readJson(req) : {};
    const out = url.pathname.startsWith('/api/') ? (scoreConfigs.handle(req.method ?? 'GET', url, body) ?? datasets.handle(req.method ?? 'GET', url, body) ?? sessionScores.handle(req.method ?? 'GET', url, body) ?? evaluators.handle(req.method ?? 'GET', url, body) ?? playground.handle(req.method ?? 'GET', url, body) ?? comments.handle(req.method ?? 'GET', url, body) ?? modelPrices.handle(req.method ?? 'GET', url, body) ?? annotationQueues.handle(req.method ?? 'GET', url, body) ?? api(url)) : await serveStatic(url.pathname);
    res.writeHead(out.status, { 'content-type': out.type });
    res.end(out.body);
  });

  return {
    requests,
    /** The bodies the UI posted to /api/v1/datasets, in order. */
    datasetPosts: datasets.posts,
    /** The bodies the UI posted to /api/v1/evaluations for sessions, in order. */
    sessionScorePosts: sessionScores.posts,
    /** What the UI sent to /api/v1/evaluators (creates, changes, tries), in order. */
    evaluatorRequests: evaluators.sent,
    /** What the UI posted to the playground and, from it, to the prompts API, in order. */
    playgroundPosts: playground.sent,
    /** The bodies the UI posted to /api/v1/comments, in order. */
    commentPosts: comments.posts,
    /** What the UI sent to /api/v1/score-configs, and the scores it posted naming a config, in order. */
    scoreConfigRequests: scoreConfigs.sent,
    /** What the UI sent to /api/v1/annotation-queues, in order. */
    annotationQueueRequests: annotationQueues.sent,
    /** The bodies the UI posted to /api/v1/model-prices, in order. */
    modelPricePosts: modelPrices.posts,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Scores on sessions as a whole: one given to sess-alice-1 already; POST /api/v1/evaluations with sessionId adds, DELETE ?sessionId= withdraws. */
function createSessionScoresApi() {
  const scores = new Map<string, SessionScore[]>([
    ['sess-alice-1', [{ id: '5e55a11ce0000001', name: 'user_satisfaction', score: 1, label: 'thumbs_up', explanation: 'said thanks', author: 'ana', timeUnixNano: `${NOW}000000` }]],
  ]);
  const posts: Record<string, unknown>[] = [];
  let next = 2;
  return {
    posts,
    of: (sessionId: string) => scores.get(sessionId) ?? [],
    handle(method: string, url: URL, body: Record<string, unknown>) {
      if (url.pathname === '/api/v1/evaluations' && method === 'POST' && typeof body.sessionId === 'string') {
        posts.push(body);
        const score: SessionScore = {
          id: `5e55a11ce${String(next++).padStart(7, '0')}`, name: String(body.name), score: typeof body.score === 'number' ? body.score : null,
          label: typeof body.label === 'string' ? body.label : null, explanation: typeof body.explanation === 'string' ? body.explanation : null,
          author: typeof body.author === 'string' ? body.author : null, timeUnixNano: `${Date.now()}000000`,
        };
        scores.set(body.sessionId, [...(scores.get(body.sessionId) ?? []), score]);
        return json(201, { sessionId: body.sessionId, ...score });
      }
      const m = url.pathname.match(/^\/api\/v1\/evaluations\/([0-9a-f]{16})$/);
      const sessionId = url.searchParams.get('sessionId');
      if (m && method === 'DELETE' && sessionId) {
        const list = scores.get(sessionId) ?? [];
        if (!list.some((x) => x.id === m[1])) return json(404, { error: `evaluation ${m[1]} not found in session ${sessionId}` });
        scores.set(sessionId, list.filter((x) => x.id !== m[1]));
        return { status: 204, type: 'application/json', body: '' };
      }
      return undefined;
    },
  };
}
