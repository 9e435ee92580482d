/**
 * (A little over 300 lines: the fixed vocabularies and the one trace shape belong together.)
 * Seeds realistic GenAI agent traces straight into otel_traces (rows shaped as the collector's
 * row writer + genai processor produce them), in big time-ordered batches so each insert lands
 * in one or two daily partitions. Deterministic for a given seed.
 */
import { insertRows, LOGS_METRICS_TABLES, TABLES, nanosToDateTime64, type Store, type TraceRow } from '@watchllm/collector';

export interface SeedOptions {
  /** Spans to write (the last trace may overshoot by < 30). */
  spans: number;
  /** Traces are spread evenly over the `days` before `nowMs`. */
  days?: number;
  nowMs?: number;
  projectId?: string;
  seed?: number;
  batchRows?: number;
  onProgress?(spans: number): void;
}

export interface SeedResult {
  spans: number;
  traces: number;
  startMs: number;
  endMs: number;
  /** A spread of ids, sessions and rare words to query for. */
  sample: { traceIds: string[]; sessionIds: string[]; userIds: string[]; needles: string[] };
  models: string[];
}

interface ModelSpec {
  model: string;
  provider: string;
  /** USD per million tokens; null → unpriced. */
  input: number | null;
  output: number | null;
}

const MODELS: ModelSpec[] = [
  { model: 'gpt-4o', provider: 'openai', input: 2.5, output: 10 },
  { model: 'gpt-4o-mini', provider: 'openai', input: 0.15, output: 0.6 },
  { model: 'claude-3-5-sonnet-20241022', provider: 'anthropic', input: 3, output: 15 },
  { model: 'claude-3-5-haiku-20241022', provider: 'anthropic', input: 0.8, output: 4 },
  { model: 'gemini-1.5-pro', provider: 'gcp.gemini', input: 1.25, output: 5 },
  { model: 'mistral-large-latest', provider: 'mistral_ai', input: 2, output: 6 },
  { model: 'internal-llm-v2', provider: 'openai', input: null, output: null },
];
const SERVICES = [
  { service: 'support-bot', agent: 'support-agent', tools: ['lookup_order', 'refund_order', 'search_kb'] },
  { service: 'travel-planner', agent: 'trip-agent', tools: ['get_weather', 'search_hotels', 'search_flights'] },
  { service: 'code-assistant', agent: 'coder', tools: ['read_file', 'run_tests', 'search_code'] },
  { service: 'chat-api', agent: 'assistant', tools: ['web_search'] },
];
const QUESTIONS = [
  'Where is my order and when will it arrive',
  'Plan a three day trip with a museum and a good dinner',
  'Why does the build fail on the integration tests',
  'Summarize the latest release notes for the billing service',
  'Can I get a refund for a damaged package',
  'Find a hotel near the conference venue with late checkout',
];
const ANSWERS = [
  'Your order shipped yesterday and arrives on Thursday.',
  'Here is a plan: morning at the museum, lunch by the river, dinner in the old town.',
  'The integration tests fail because the fixture database is not migrated.',
  'The release adds invoices in euros and fixes rounding of taxes.',
  'I have opened a refund request; you will get an email within two days.',
  'Two hotels match; both offer late checkout until 2 pm.',
];
const USERS = 500;

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    hex: (chars: number) => {
      let s = '';
      while (s.length < chars) s += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
      return s.slice(0, chars);
    },
  };
}
type Rng = ReturnType<typeof rng>;

interface TraceContext {
  r: Rng;
  projectId: string;
  traceId: string;
  service: (typeof SERVICES)[number];
  model: ModelSpec;
  sessionId: string;
  userId: string;
  question: string;
  answer: string;
  rows: TraceRow[];
}

interface SpanSpec {
  name: string;
  kind: 'Internal' | 'Client';
  parent: string;
  startNs: bigint;
  durationNs: bigint;
  error: boolean;
  attributes: Record<string, string>;
  types: Record<string, string>;
  genAi: Record<string, unknown>;
}

const MS = 1_000_000n;
const diagnosticsCache = new Map<string, string>();

/** The diagnostics JSON the normalizer writes for a span with these attribute keys (cached: kinds repeat). */
function diagnosticsJson(attributes: Record<string, string>): string {
  const keys = Object.keys(attributes);
  const id = keys.join(',');
  let json = diagnosticsCache.get(id);
  if (json === undefined) diagnosticsCache.set(id, (json = JSON.stringify({ conventions: ['otel-genai'], mapped: keys, unmapped: [], notes: [] })));
  return json;
}

function pushSpan(t: TraceContext, s: SpanSpec): string {
  const spanId = t.r.hex(16);
  const g = s.genAi as { operation: string; provider?: string; requestModel?: string; inputTokens?: number; outputTokens?: number; stepType: string; toolName?: string; toolCallId?: string; agentName?: string; costUsd?: number | null; timeToFirstChunkMs?: number };
  const record = {
    operation: g.operation, provider: g.provider ?? null, requestModel: g.requestModel ?? null, responseModel: g.requestModel ?? null,
    inputTokens: g.inputTokens ?? null, outputTokens: g.outputTokens ?? null, inputMessages: null, outputMessages: null,
    toolName: g.toolName ?? null, toolCallId: g.toolCallId ?? null, agentName: g.agentName ?? t.service.agent,
    conversationId: t.sessionId, userId: t.userId, timeToFirstChunkMs: g.timeToFirstChunkMs ?? null, stepType: g.stepType,
  };
  const diagnostics = diagnosticsJson(s.attributes);
  const typed: Record<string, string> = { 'r.process.pid': 'int' };
  for (const k in s.types) typed[`s.${k}`] = s.types[k];
  t.rows.push({
    Timestamp: nanosToDateTime64(s.startNs.toString()),
    TraceId: t.traceId,
    SpanId: spanId,
    ParentSpanId: s.parent,
    TraceState: '',
    SpanName: s.name,
    SpanKind: s.kind,
    ServiceName: t.service.service,
    ResourceAttributes: { 'service.name': t.service.service, 'deployment.environment': 'prod', 'process.pid': '4242' },
    ScopeName: 'watchllm-bench',
    ScopeVersion: '1.0.0',
    SpanAttributes: s.attributes,
    Duration: s.durationNs.toString(),
    StatusCode: s.error ? 'Error' : 'Unset',
    StatusMessage: s.error ? 'upstream error' : '',
    ProjectId: t.projectId,
    AttributeTypes: typed,
    GenAiOperation: g.operation,
    GenAiProvider: g.provider ?? '',
    GenAiRequestModel: g.requestModel ?? '',
    GenAiResponseModel: g.requestModel ?? '',
    GenAiInputTokens: g.inputTokens ?? 0,
    GenAiOutputTokens: g.outputTokens ?? 0,
    CostUsd: g.costUsd ?? null,
    CostSource: g.costUsd !== undefined && g.costUsd !== null ? 'catalog' : '',
    PriceVersion: g.costUsd !== undefined && g.costUsd !== null ? 'bench' : '',
    GenAiAgentName: g.agentName ?? t.service.agent,
    GenAiToolName: g.toolName ?? '',
    GenAiConversationId: t.sessionId,
    GenAiUserId: t.userId,
    GenAiStepType: g.stepType,
    // Spliced rather than re-serialized: diagnostics repeat per span kind.
    GenAiRecord: `${JSON.stringify(record).slice(0, -1)},"diagnostics":${diagnostics}}`,
    GenAiDiagnostics: diagnostics,
  });
  return spanId;
}

function chatSpan(t: TraceContext, parent: string, startNs: bigint, toolCalls: { id: string; name: string }[], final: boolean): { id: string; endNs: bigint } {
  const { r, model } = t;
  const inputTokens = 200 + r.int(3000);
  const outputTokens = 20 + r.int(600);
  const durationNs = BigInt(300 + r.int(4000)) * MS;
  const cost = model.input === null ? null : (inputTokens * model.input + outputTokens * (model.output ?? 0)) / 1e6;
  const output = toolCalls.length
    ? [{ role: 'assistant', parts: toolCalls.map((c) => ({ type: 'tool_call', id: c.id, name: c.name, arguments: { query: t.question.slice(0, 24) } })), finish_reason: 'tool_call' }]
    : [{ role: 'assistant', parts: [{ type: 'text', content: final ? t.answer : 'Let me check that.' }], finish_reason: 'stop' }];
  const id = pushSpan(t, {
    name: `chat ${model.model}`,
    kind: 'Client',
    parent,
    startNs,
    durationNs,
    error: r.next() < 0.01,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': model.provider,
      'gen_ai.request.model': model.model,
      'gen_ai.response.model': model.model,
      'gen_ai.usage.input_tokens': String(inputTokens),
      'gen_ai.usage.output_tokens': String(outputTokens),
      'gen_ai.conversation.id': t.sessionId,
      'gen_ai.input.messages': JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: `You are ${t.service.agent}, a helpful assistant for ${t.service.service}.` }] },
        { role: 'user', parts: [{ type: 'text', content: t.question }] },
      ]),
      'gen_ai.output.messages': JSON.stringify(output),
    },
    types: { 'gen_ai.usage.input_tokens': 'int', 'gen_ai.usage.output_tokens': 'int' },
    genAi: {
      operation: 'chat', provider: model.provider, requestModel: model.model, inputTokens, outputTokens, stepType: 'llm', costUsd: cost,
      timeToFirstChunkMs: r.next() < 0.5 ? 100 + r.int(900) : undefined,
    },
  });
  return { id, endNs: startNs + durationNs };
}

function toolSpan(t: TraceContext, parent: string, startNs: bigint, call: { id: string; name: string }): bigint {
  const durationNs = BigInt(5 + t.r.int(800)) * MS;
  pushSpan(t, {
    name: `execute_tool ${call.name}`,
    kind: 'Internal',
    parent,
    startNs,
    durationNs,
    error: t.r.next() < 0.04,
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': call.name,
      'gen_ai.tool.call.id': call.id,
      'gen_ai.tool.call.arguments': JSON.stringify({ query: t.question.slice(0, 24) }),
      'gen_ai.tool.call.result': JSON.stringify({ ok: true, items: t.r.int(10) }),
    },
    types: {},
    genAi: { operation: 'execute_tool', stepType: 'tool', toolName: call.name, toolCallId: call.id },
  });
  return startNs + durationNs;
}

/** One trace of `n` spans: a lone chat call, or invoke_agent → (chat → tools)* → chat. */
function writeTrace(t: TraceContext, n: number, startNs: bigint): void {
  if (n === 1) {
    chatSpan(t, '', startNs, [], true);
    return;
  }
  // The root is written last (its duration is known then) but its id is needed first.
  const rootIndex = t.rows.length;
  const rootId = pushSpan(t, {
    name: `invoke_agent ${t.service.agent}`, kind: 'Internal', parent: '', startNs, durationNs: 0n, error: false,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': t.service.agent, 'gen_ai.conversation.id': t.sessionId },
    types: {}, genAi: { operation: 'invoke_agent', stepType: 'agent', provider: t.model.provider },
  });
  let cursor = startNs + MS;
  let left = n - 1;
  while (left > 0) {
    const tools = left === 1 ? 0 : Math.min(left - 1, 1 + t.r.int(3));
    const calls = Array.from({ length: tools }, () => ({ id: `call_${t.r.hex(12)}`, name: t.r.pick(t.service.tools) }));
    const chat = chatSpan(t, rootId, cursor, calls, tools === 0);
    cursor = chat.endNs + MS;
    left -= 1 + tools;
    for (const call of calls) cursor = toolSpan(t, rootId, cursor, call) + MS;
  }
  t.rows[rootIndex].Duration = (cursor - startNs).toString();
}

export async function seedGenAiTraces(store: Store, o: SeedOptions): Promise<SeedResult> {
  const r = rng(o.seed ?? 42);
  const days = o.days ?? 30;
  const endMs = o.nowMs ?? Date.now();
  const startMs = endMs - days * 86_400_000;
  const projectId = o.projectId ?? 'default';
  const batchRows = o.batchRows ?? 50_000;
  // Traces start in proportion to the spans written so far, so the range is covered evenly to its end.
  const rangeNs = BigInt(endMs - startMs) * MS;
  const expectedTraces = Math.max(1, Math.round(o.spans / 10));
  const sample: SeedResult['sample'] = { traceIds: [], sessionIds: [], userIds: [], needles: [] };
  const sampleEvery = Math.max(1, Math.floor(expectedTraces / 200));

  let rows: TraceRow[] = [];
  let written = 0;
  let traces = 0;
  let pending: Promise<void> | undefined;
  let sessionId = '';
  let userId = '';
  for (let spans = 0; spans < o.spans; traces++) {
    // Sessions are runs of consecutive traces by one user.
    if (traces % 4 === 0 || r.next() < 0.2) {
      userId = `user-${r.int(USERS)}`;
      sessionId = `sess-${r.hex(12)}`;
    }
    const q = r.int(QUESTIONS.length);
    const order = `order-${r.hex(8)}`;
    const t: TraceContext = {
      r, projectId, traceId: r.hex(32), service: r.pick(SERVICES), model: r.pick(MODELS), sessionId, userId,
      question: `${QUESTIONS[q]} (${order})`, answer: ANSWERS[q], rows,
    };
    const n = Math.min(o.spans - spans, 1 + Math.floor(r.next() ** 2 * 30));
    writeTrace(t, n, BigInt(startMs) * MS + (rangeNs * BigInt(spans)) / BigInt(o.spans));
    spans += n;
    if (traces % sampleEvery === 0 && sample.traceIds.length < 200) {
      sample.traceIds.push(t.traceId);
      sample.sessionIds.push(sessionId);
      sample.userIds.push(userId);
      sample.needles.push(order);
    }
    if (rows.length >= batchRows) {
      await pending;
      // The engine inserts off the JS thread: generate the next batch meanwhile.
      pending = insertRows(store, TABLES.traces, rows);
      written += rows.length;
      o.onProgress?.(written);
      rows = [];
    }
  }
  await pending;
  if (rows.length) await insertRows(store, TABLES.traces, rows);
  written += rows.length;
  o.onProgress?.(written);
  return { spans: written, traces, startMs, endMs, sample, models: MODELS.map((m) => m.model) };
}

/**
 * Synthetic log records for the Loki API's reads: `rows` records over the `hours` before `endMs`
 * (5 services, INFO/WARN/ERROR, resource and record attributes, ~90-byte bodies, every fourth tied
 * to a trace), written by the engine itself in one INSERT … SELECT.
 */
export async function seedLogRecords(store: Store, o: { rows: number; endMs: number; hours: number }): Promise<void> {
  await store.client.command({
    query: `INSERT INTO ${store.table(LOGS_METRICS_TABLES.logs)}
              (Timestamp, TraceId, SpanId, SeverityText, SeverityNumber, ServiceName, Body, ResourceAttributes, ScopeName, LogAttributes, ProjectId)
            SELECT fromUnixTimestamp64Milli(toInt64({endMs:Int64} - intDiv(number * {spanMs:Int64}, {rows:UInt64}))),
                   if(number % 4 = 0, lower(hex(cityHash64(number))) || lower(hex(cityHash64(number + 1))), ''),
                   if(number % 4 = 0, lower(hex(cityHash64(number + 2))), ''),
                   ['INFO', 'WARN', 'ERROR'][number % 3 + 1], [9, 13, 17][number % 3 + 1], 'svc-' || toString(number % 5),
                   'request ' || toString(number) || ' handled in ' || toString(number % 997) || ' ms by worker ' || toString(number % 16),
                   map('service.name', 'svc-' || toString(number % 5), 'deployment.environment', 'prod', 'host.name', 'host-' || toString(number % 20)),
                   'app', map('http.route', '/r/' || toString(number % 50), 'user.id', toString(number % 1000)), 'default'
              FROM numbers({rows:UInt64})`,
    query_params: { endMs: o.endMs, spanMs: o.hours * 3_600_000, rows: o.rows },
  });
}
