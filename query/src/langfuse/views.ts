/**
 * WatchLLM's spans as Langfuse's public API shows them (observations, traces, scores), so scripts
 * written against a Langfuse project — exports, dataset builders, eval jobs — read from here too.
 * One mapping from the span DTO serves the v1 trace endpoints and the v2 observations list.
 */
import type { Evaluation, StoredScoreDataType } from '@watchllm/semconv';
import { nanosToIso, type SpanDto } from '../dto/span.js';
import { promptVersionId } from '../prompts/prompt-store.js';
import { scoreDataType } from '../reader/evaluation-reader.js';
import type { ScoreConfigDataType } from '../score-configs/score-config.js';

const TYPE_OF_STEP: Record<string, string> = {
  llm: 'GENERATION',
  embedding: 'EMBEDDING',
  tool: 'TOOL',
  agent: 'AGENT',
  retrieval: 'RETRIEVER',
  chain: 'CHAIN',
};

/** The observation as Langfuse's v1 `ObservationsView` and v2 `ObservationV2` both describe it (v2 picks field groups of it). */
export interface LangfuseObservation {
  id: string;
  traceId: string;
  type: string;
  name: string;
  startTime: string;
  endTime: string;
  completionStartTime: string | null;
  model: string | null;
  modelParameters: Record<string, unknown> | null;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
  version: string | null;
  level: 'DEBUG' | 'DEFAULT' | 'WARNING' | 'ERROR';
  statusMessage: string | null;
  parentObservationId: string | null;
  isRootObservation: boolean;
  environment: string;
  userId: string | null;
  sessionId: string | null;
  usage: { input: number; output: number; total: number; unit: 'TOKENS' };
  usageDetails: Record<string, number>;
  costDetails: Record<string, number>;
  totalCost: number | null;
  calculatedTotalCost: number | null;
  calculatedInputCost: null;
  calculatedOutputCost: null;
  inputPrice: null;
  outputPrice: null;
  totalPrice: null;
  modelId: null;
  internalModelId: null;
  /** The prompt version's id as the prompt API answers it (set when the span names a prompt and its version). */
  promptId: string | null;
  promptName: string | null;
  promptVersion: number | null;
  /** Seconds, as Langfuse reports it. */
  latency: number;
  timeToFirstToken: number | null;
  createdAt: string;
  updatedAt: string;
  /** The span's tags (Langfuse shows its trace's). */
  tags: string[];
  release: string | null;
  bookmarked: false;
  public: false;
}

const nonEmpty = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && Object.keys(v).length > 0 ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function parsedJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** `prefix.k` attributes as `{k: value}` (Langfuse's metadata attributes), JSON values parsed. */
function prefixed(attributes: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = parsedJson(v);
  return out;
}

/** The deployment environment: Langfuse's own attribute, else OTel's resource attribute, else Langfuse's "default". */
export function environmentOf(span: SpanDto): string {
  return (
    str(span.attributes['langfuse.environment']) ??
    str(span.resourceAttributes['deployment.environment.name']) ??
    str(span.resourceAttributes['deployment.environment']) ??
    'default'
  );
}

/** What went in and came out: Langfuse's own attributes when the SDK set them, else the GenAI record's messages or tool call. */
function inputOutput(span: SpanDto): { input: unknown; output: unknown } {
  const g: Record<string, unknown> = span.genAi ?? {};
  const a = span.attributes;
  const input = a['langfuse.observation.input'] ?? a['input.value'] ?? g.inputMessages ?? g.toolArguments ?? null;
  const output = a['langfuse.observation.output'] ?? a['output.value'] ?? g.outputMessages ?? g.toolResult ?? null;
  return { input: parsedJson(input), output: parsedJson(output) };
}

/** A trace's output as Langfuse shows it: the trace's own (set by its SDK on the root span), else the root observation's. */
export function traceOutput(root: SpanDto): unknown {
  const own = root.attributes['langfuse.trace.output'];
  return own !== undefined ? parsedJson(own) : inputOutput(root).output;
}

export function toLangfuseObservation(span: SpanDto, projectId?: string): LangfuseObservation {
  const g = span.genAi;
  const a = span.attributes;
  const declared = str(a['langfuse.observation.type'])?.toUpperCase();
  const inTok = Number(g?.inputTokens ?? 0);
  const outTok = Number(g?.outputTokens ?? 0);
  const usageDetails: Record<string, number> = {};
  if (g?.inputTokens != null || g?.outputTokens != null) Object.assign(usageDetails, { input: inTok, output: outTok, total: inTok + outTok });
  const extra = { input_cache_read: g?.cacheReadTokens, input_cache_creation: g?.cacheWriteTokens, output_reasoning: g?.reasoningTokens };
  for (const [k, v] of Object.entries(extra)) if (typeof v === 'number' && v > 0) usageDetails[k] = v;
  const cost = g?.costUsd ?? null;
  const ttftMs = typeof g?.timeToFirstChunkMs === 'number' ? g.timeToFirstChunkMs : null;
  const startMs = Number(BigInt(span.startTimeUnixNano) / 1_000_000n);
  const startTime = nanosToIso(span.startTimeUnixNano);
  const errored = span.status.code === 'ERROR';
  const level = (str(a['langfuse.observation.level'])?.toUpperCase() ?? (errored ? 'ERROR' : 'DEFAULT')) as LangfuseObservation['level'];
  const promptVersion = Number(a['langfuse.observation.prompt.version']);
  const promptName = str(a['langfuse.observation.prompt.name']);
  const promptNumber = Number.isInteger(promptVersion) && promptVersion > 0 ? promptVersion : null;
  return {
    id: span.spanId,
    traceId: span.traceId,
    type: declared ?? TYPE_OF_STEP[g?.stepType ?? ''] ?? 'SPAN',
    name: span.name,
    startTime,
    endTime: nanosToIso(span.endTimeUnixNano),
    completionStartTime: str(a['langfuse.observation.completion_start_time']) ?? (ttftMs === null ? null : new Date(startMs + ttftMs).toISOString()),
    model: str(g?.responseModel) ?? str(g?.requestModel),
    modelParameters: nonEmpty(g?.requestParameters),
    ...inputOutput(span),
    metadata: { ...prefixed(a, 'langfuse.observation.metadata.'), resourceAttributes: span.resourceAttributes, scope: span.scope },
    version: str(a['langfuse.version']) ?? str(span.resourceAttributes['service.version']),
    level,
    statusMessage: str(a['langfuse.observation.status_message']) ?? str(span.status.message),
    parentObservationId: span.parentSpanId || null,
    isRootObservation: span.parentSpanId === '',
    environment: environmentOf(span),
    userId: str(g?.userId),
    sessionId: str(g?.conversationId),
    usage: { input: inTok, output: outTok, total: inTok + outTok, unit: 'TOKENS' },
    usageDetails,
    costDetails: cost === null ? {} : { total: cost },
    totalCost: cost,
    calculatedTotalCost: cost,
    calculatedInputCost: null,
    calculatedOutputCost: null,
    inputPrice: null,
    outputPrice: null,
    totalPrice: null,
    modelId: null,
    internalModelId: null,
    promptId: projectId !== undefined && promptName !== null && promptNumber !== null ? promptVersionId(projectId, promptName, promptNumber) : null,
    promptName,
    promptVersion: promptNumber,
    latency: span.durationMs / 1000,
    timeToFirstToken: ttftMs === null ? null : ttftMs / 1000,
    createdAt: startTime,
    updatedAt: startTime,
    tags: Array.isArray(g?.tags) ? (g.tags as string[]) : [],
    release: str(a['langfuse.release']),
    bookmarked: false,
    public: false,
  };
}

/** What a Langfuse score is made from, wherever the evaluation result was read. */
export interface ScoreParts {
  id: string | null;
  /** '' for a score on a session as a whole. */
  traceId: string;
  spanId: string;
  /** The session a score on a session as a whole is on; '' or absent for scores on traces. */
  sessionId?: string;
  /** The scored span is its trace's root: Langfuse calls that a trace-level score (no observation). */
  onRoot: boolean;
  name: string;
  score: number | null;
  label: string | null;
  comment: string | null;
  author: string | null;
  timeUnixNano: string;
  environment: string;
  /** The score config it was checked against ('' or absent for none). */
  configId?: string | null;
  /**
   * Its config's data type, when it named one, or the type kept with it (TEXT, CORRECTION); otherwise numeric, or
   * categorical when it has a label alone.
   */
  dataType?: ScoreConfigDataType | StoredScoreDataType;
}

/** A score as Langfuse's `Score`. */
export function langfuseScore(p: ScoreParts) {
  const at = nanosToIso(p.timeUnixNano);
  return {
    id: p.id || `${p.spanId}-${p.timeUnixNano}-${p.name}`,
    traceId: p.traceId || null,
    sessionId: p.sessionId || null,
    observationId: p.onRoot || !p.spanId ? null : p.spanId,
    name: p.name,
    value: p.score ?? 0,
    stringValue: p.label || null,
    dataType: p.dataType ?? scoreDataType(p.score, p.label || null),
    source: 'API',
    comment: p.comment || null,
    authorUserId: p.author || null,
    timestamp: at,
    createdAt: at,
    updatedAt: at,
    configId: p.configId || null,
    queueId: null,
    environment: p.environment,
  };
}

export type LangfuseScore = ReturnType<typeof langfuseScore>;

/**
 * A score as Langfuse's v3 list shows it: `value` typed by its data type (a number, a boolean, or the text of a
 * category, text or correction), the core fields always, `details`, `subject` and `annotation` when asked for.
 */
export function langfuseScoreV3(s: LangfuseScore, projectId: string, fields: ReadonlySet<string>) {
  const value = s.dataType === 'NUMERIC' ? s.value : s.dataType === 'BOOLEAN' ? s.value === 1 : (s.stringValue ?? '');
  const subject = s.sessionId
    ? { kind: 'session', id: s.sessionId }
    : s.observationId
      ? { kind: 'observation', id: s.observationId, traceId: s.traceId }
      : { kind: 'trace', id: s.traceId };
  return {
    id: s.id, projectId, name: s.name, value, dataType: s.dataType, source: s.source, timestamp: s.timestamp, environment: s.environment,
    createdAt: s.createdAt, updatedAt: s.updatedAt,
    ...(fields.has('details') ? { comment: s.comment, configId: s.configId, metadata: {} } : {}),
    ...(fields.has('annotation') ? { authorUserId: s.authorUserId, queueId: s.queueId } : {}),
    ...(fields.has('subject') ? { subject } : {}),
  };
}

export function toLangfuseScore(e: Evaluation, span: SpanDto) {
  return langfuseScore({ ...e, traceId: span.traceId, spanId: span.spanId, onRoot: span.parentSpanId === '', comment: e.explanation, environment: environmentOf(span) });
}

/** The trace a list of its spans (waterfall order, root first) adds up to, as Langfuse's v1 trace. */
export function toLangfuseTrace(spans: SpanDto[], uiPath: string, projectId?: string) {
  const root = spans.find((s) => s.parentSpanId === '') ?? spans[0];
  const observations = spans.map((s) => toLangfuseObservation(s, projectId));
  const rootView = observations[spans.indexOf(root)];
  const a = root.attributes;
  const firstOf = (pick: (s: SpanDto) => unknown) => spans.map(pick).find((v) => typeof v === 'string' && v !== '') as string | undefined;
  const start = spans.reduce((m, s) => (BigInt(s.startTimeUnixNano) < m ? BigInt(s.startTimeUnixNano) : m), BigInt(root.startTimeUnixNano));
  const end = spans.reduce((m, s) => (BigInt(s.endTimeUnixNano) > m ? BigInt(s.endTimeUnixNano) : m), BigInt(root.endTimeUnixNano));
  // Model calls only: a wrapper span repeating its calls' usage would count them twice (as the trace list sums).
  const costs = observations.filter((o) => o.type === 'GENERATION' || o.type === 'EMBEDDING').map((o) => o.totalCost);
  const tags = [...new Set(spans.flatMap((s) => (Array.isArray(s.genAi?.tags) ? (s.genAi.tags as string[]) : [])))].sort();
  return {
    id: root.traceId,
    timestamp: nanosToIso(start.toString()),
    name: str(a['langfuse.trace.name']) ?? root.name,
    input: a['langfuse.trace.input'] !== undefined ? parsedJson(a['langfuse.trace.input']) : rootView.input,
    output: traceOutput(root),
    sessionId: firstOf((s) => s.genAi?.conversationId) ?? null,
    userId: firstOf((s) => s.genAi?.userId) ?? null,
    release: rootView.release,
    version: rootView.version,
    metadata: prefixed(a, 'langfuse.trace.metadata.'),
    tags,
    public: false,
    environment: rootView.environment,
    htmlPath: uiPath,
    latency: Number(end - start) / 1e9,
    totalCost: costs.some((c) => c !== null) ? costs.reduce<number>((sum, c) => sum + (c ?? 0), 0) : null,
    observations,
    scores: spans.flatMap((s) => s.evaluations.map((e) => toLangfuseScore(e, s))),
  };
}
