// Canned data in the shape of the query API contract (issue 5), for the UI's browser tests.
import type { ChatMessage, GenAi, Span, StepType } from '../src/api/types.js';

const NOW_MS = Date.now();
const ns = (ms: number) => `${Math.round(ms)}000000`;
const text = (role: string, content: string): ChatMessage => ({ role, parts: [{ type: 'text', content }] });

function genAi(stepType: StepType, g: Partial<GenAi> = {}): GenAi {
  return {
    operation: null, provider: null, requestModel: null, responseModel: null, inputTokens: null, outputTokens: null,
    cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, costUsd: null, costSource: null,
    inputMessages: null, outputMessages: null, systemInstructions: null, toolDefinitions: null, toolName: null,
    toolCallId: null, toolArguments: null, toolResult: null, agentName: null, conversationId: null, userId: null, tags: null,
    finishReasons: null, timeToFirstChunkMs: null, stream: null, errorType: null, requestParameters: null, stepType,
    responseId: null, agentId: null, workflowName: null, reportedCostUsd: null,
    diagnostics: { conventions: ['otel-genai'], mapped: ['gen_ai.request.model'], unmapped: [], notes: [] },
    ...g,
  };
}

interface SpanSpec {
  id: string;
  /** '' for a root span, as the API sends it. */
  parent: string;
  name: string;
  start: number;
  end: number;
  depth: number;
  error?: boolean;
  genAi?: GenAi | null;
  attributes?: Record<string, unknown>;
}

function span(traceId: string, service: string, t0: number, s: SpanSpec): Span {
  return {
    traceId, spanId: s.id, parentSpanId: s.parent, name: s.name, kind: s.genAi?.stepType === 'llm' ? 'CLIENT' : 'INTERNAL',
    serviceName: service, startTimeUnixNano: ns(t0 + s.start), endTimeUnixNano: ns(t0 + s.end), durationMs: s.end - s.start,
    status: s.error ? { code: 'ERROR', message: 'upstream returned 529 overloaded' } : { code: 'OK', message: '' },
    attributes: (s.attributes ?? {}) as Span['attributes'],
    resourceAttributes: { 'service.name': service, 'telemetry.sdk.language': 'nodejs' },
    events: s.error ? [{ name: 'exception', timeUnixNano: ns(t0 + s.end - 1), attributes: { 'exception.message': 'overloaded' } }] : [],
    links: [], scope: { name: '', version: '' }, depth: s.depth, genAi: s.genAi ?? null, evaluations: [],
  };
}

const WEATHER_SYSTEM = [{ type: 'text', content: 'You are a weather assistant.\nAnswer in one sentence.\nUse metric units.' }];
const weatherCall = { type: 'tool_call', id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };
const timeCall = { type: 'tool_call', id: 'call_t1', name: 'get_time', arguments: { tz: 'Europe/Paris' } };

export const WEATHER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const SUPPORT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const SUPPORT_V2_TRACE_ID = '5cf92f3577b34da6a3ce929d0e0e4737';
export const FOLLOWUP_TRACE_ID = '1af7651916cd43dd8448eb211c80319d';
/** A 2×2 PNG the follow-up question shows, kept as Langfuse's SDKs upload media (served at /api/v1/media/{id}). */
export const MEDIA_ID = 'fixturePng2x2AbCdEfGh_';
export const MEDIA_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
export const BROKEN_TRACE_ID = 'ffffffffffffffffffffffffffffffff';

function weatherTrace(t0: number): Span[] {
  const id = WEATHER_TRACE_ID;
  const svc = 'weather-agent';
  const llm = (g: Partial<GenAi>) => genAi('llm', { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o', responseModel: 'gpt-4o-2024-08-06', systemInstructions: WEATHER_SYSTEM, agentName: 'weather', conversationId: 'sess-alice-1', userId: 'alice', requestParameters: { temperature: 0.2, max_tokens: 256 }, ...g });
  const tool = (name: string, callId: string, args: unknown, result: unknown) => genAi('tool', { operation: 'execute_tool', toolName: name, toolCallId: callId, toolArguments: JSON.stringify(args), toolResult: result });
  return [
    // The agent span repeats its calls' usage, as wrapper spans of some SDKs do: the trace's totals must not count it again.
    { id: 'a000000000000001', parent: '', name: 'invoke_agent weather', start: 0, end: 2400, depth: 0, genAi: genAi('agent', { operation: 'invoke_agent', agentName: 'weather', inputTokens: 330, outputTokens: 65, costUsd: 0.0015 }) },
    { id: 'a000000000000002', parent: 'a000000000000001', name: 'chat gpt-4o', start: 10, end: 900, depth: 1, attributes: { 'gen_ai.request.model': 'gpt-4o', 'http.url': 'https://api.openai.com/v1/chat/completions', 'app.long_note': 'x'.repeat(400), 'app.json': '{"nested":{"ok":true,"list":[1,2,3]}}', 'app.a': 1, 'app.b': 2, 'app.c': 3 },
      genAi: llm({ inputTokens: 120, outputTokens: 40, cacheReadTokens: 64, costUsd: 0.0007, costSource: 'genai-prices', timeToFirstChunkMs: 310, finishReasons: ['tool_call'],
        diagnostics: { conventions: ['otel-genai'], mapped: ['gen_ai.request.model'], unmapped: [], notes: ['input tokens were smaller than cache read+write, so they were exclusive of cache; added cache read+write'] },
        inputMessages: [text('user', 'What is the weather in Paris right now?')],
        outputMessages: [{ role: 'assistant', parts: [weatherCall, timeCall], finish_reason: 'tool_call' }] }) },
    { id: 'a000000000000003', parent: 'a000000000000001', name: 'execute_tool get_weather', start: 910, end: 1500, depth: 1, genAi: tool('get_weather', 'call_w1', weatherCall.arguments, '{"temp":21,"sky":"sunny"}') },
    { id: 'a000000000000004', parent: 'a000000000000001', name: 'execute_tool get_time', start: 910, end: 1000, depth: 1, genAi: tool('get_time', 'call_t1', timeCall.arguments, '14:05') },
    { id: 'a000000000000005', parent: 'a000000000000001', name: 'chat gpt-4o', start: 1510, end: 2390, depth: 1,
      genAi: llm({ inputTokens: 210, outputTokens: 25, reasoningTokens: 8, costUsd: 0.0008, costSource: 'genai-prices', finishReasons: ['stop'],
        inputMessages: [text('user', 'What is the weather in Paris right now?'), { role: 'assistant', parts: [weatherCall, timeCall] },
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_w1', response: '{"temp":21,"sky":"sunny"}' }] },
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_t1', response: '14:05' }] }],
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'It is 21 °C and sunny in Paris at 14:05.' }], finish_reason: 'stop' }] }) },
  ].map((s) => span(id, svc, t0, s as SpanSpec));
}

/** Second turn of alice's session: the chat API resends the history, the replay must show only what is new. */
function followUpTrace(t0: number): Span[] {
  const history = [text('user', 'What is the weather in Paris right now?'), text('assistant', 'It is 21 °C and sunny in Paris at 14:05.')];
  return [span(FOLLOWUP_TRACE_ID, 'weather-agent', t0, { id: 'd000000000000001', parent: '', name: 'chat gpt-4o', start: 0, end: 700, depth: 0,
    attributes: { 'langfuse.observation.metadata': JSON.stringify({ photo: `@@@langfuseMedia:type=image/png|id=${MEDIA_ID}|source=base64_data_uri@@@`, taken: 'Paris, 14:05' }) },
    genAi: genAi('llm', { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o', systemInstructions: WEATHER_SYSTEM, conversationId: 'sess-alice-1', userId: 'alice',
      inputTokens: 90, outputTokens: 20, costUsd: 0.0004, inputMessages: [...history, { role: 'user', parts: [{ type: 'text', content: 'And tomorrow? Like in this photo:' }, { type: 'uri', modality: 'image', uri: `@@@langfuseMedia:type=image/png|id=${MEDIA_ID}|source=base64_data_uri@@@` }] }],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Tomorrow: 18 °C with light rain.' }], finish_reason: 'stop' }] }) })];
}

function supportTrace(id: string, t0: number, v2: boolean): Span[] {
  const system = v2
    ? 'You are a friendly support agent for Acme.\nAlways offer a refund when an order is late.\nSign off with the ticket number.'
    : 'You are a support agent for Acme.\nOffer a refund only when an order is late by more than 7 days.\nSign off with the ticket number.';
  const answer = v2 ? 'Sorry about the delay! I have issued a full refund. Ticket #4411.' : 'Your order is 3 days late, which is not yet eligible for a refund. Ticket #4411.';
  const model = v2 ? 'claude-3-5-haiku' : 'claude-3-5-sonnet';
  return [
    { id: `${v2 ? 'c' : 'b'}000000000000001`, parent: '', name: 'POST /support', start: 0, end: 1800, depth: 0, error: !v2 },
    { id: `${v2 ? 'c' : 'b'}000000000000002`, parent: `${v2 ? 'c' : 'b'}000000000000001`, name: `chat ${model}`, start: 50, end: 1750, depth: 1, error: !v2,
      genAi: genAi('llm', { operation: 'chat', provider: 'anthropic', requestModel: model, inputTokens: v2 ? 300 : 310, outputTokens: v2 ? 30 : 45,
        costUsd: v2 ? 0.0004 : 0.0016, systemInstructions: [{ type: 'text', content: system }], userId: 'bob', conversationId: 'sess-bob-1',
        requestParameters: v2 ? { temperature: 0.7 } : { temperature: 0 }, errorType: v2 ? null : 'overloaded_error',
        inputMessages: [text('user', 'My order #123 is 3 days late. Can I get a refund?')],
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }] }) },
  ].map((s) => span(id, 'support-bot', t0, s as SpanSpec));
}

function fillerTrace(i: number, t0: number): Span[] {
  const id = `e${String(i).padStart(31, '0')}`;
  const model = ['gpt-4o-mini', 'gpt-4o', 'claude-3-5-haiku'][i % 3];
  return [span(id, 'batch-worker', t0, { id: `f${String(i).padStart(15, '0')}`, parent: '', name: `chat ${model}`, start: 0, end: 200 + i * 7, depth: 0,
    genAi: genAi('llm', { operation: 'chat', provider: model.startsWith('claude') ? 'anthropic' : 'openai', requestModel: model, inputTokens: 50 + i, outputTokens: 10 + i, costUsd: i % 5 === 0 ? null : 0.0001 * i,
      inputMessages: [text('user', `Summarize document ${i}`)], outputMessages: [text('assistant', `Summary of document ${i}.`)] }) })];
}

/** All traces, newest first. */
export function buildTraces(): Span[][] {
  const traces: Span[][] = [weatherTrace(NOW_MS - 60_000), followUpTrace(NOW_MS - 30_000), supportTrace(SUPPORT_TRACE_ID, NOW_MS - 120_000, false), supportTrace(SUPPORT_V2_TRACE_ID, NOW_MS - 100_000, true)];
  for (let i = 1; i <= 60; i++) traces.push(fillerTrace(i, NOW_MS - 200_000 - i * 60_000));
  return traces.sort((a, b) => Number(BigInt(b[0].startTimeUnixNano) - BigInt(a[0].startTimeUnixNano)));
}

export const NOW = NOW_MS;
