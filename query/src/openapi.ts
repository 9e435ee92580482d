/** OpenAPI 3.1 description of the JSON API (`GET /api/v1/openapi.json`), built from small helpers. */
import { COST_GROUP_BY, LATENCY_GROUP_BY, SERIES_GROUP_BY, SERIES_METRICS } from './reader/usage-reader.js';
import { STEP_TYPES } from './steps.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const nullable = (s: Schema): Schema => ({ oneOf: [s, { type: 'null' }] });
const arr = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
const SCORE_CONFIG_TYPE: Schema = { ...str, enum: ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT'] };
const CONFIG_CATEGORY = obj({ label: str, value: num });
const nanos: Schema = { type: 'string', pattern: '^\\d+$', description: 'Unix nanoseconds as a decimal string' };

function param(name: string, description: string, schema: Schema = str, required = false): Schema {
  return { name, in: 'query', required, description, schema };
}
const path = (name: string, description: string): Schema => ({ name, in: 'path', required: true, description, schema: str });
const time = (name: string, def: string) =>
  param(name, `ISO 8601 time or unix milliseconds (default ${def})`, { oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }] });
const limit = (def: number, max: number) => param('limit', `Page size (default ${def}, max ${max})`, { type: 'integer', minimum: 1, maximum: max });
const cursor = param('cursor', 'Opaque `nextCursor` of the previous page');
const LOG_FILTERS = [
  time('start', '24 h before end'), time('end', 'now'), param('service', 'Service name'),
  param('minSeverity', 'At least this severity number (1 TRACE … 9 INFO … 17 ERROR … 24 FATAL4)', { type: 'integer', minimum: 0, maximum: 24 }),
  param('traceId', 'Records tied to this trace (16 or 32 hex characters)'), param('spanId', 'Records tied to this span (16 hex characters)'),
  param('eventName', 'Event name (OTLP event_name or the event.name attribute), e.g. gen_ai.user.message'),
  param('q', 'Case-insensitive text the body contains'),
  { name: 'attr.<key>', in: 'query', description: 'Log attribute equals value (repeatable; all must match)', schema: str },
];
const USAGE_FILTERS = [
  time('start', '24 h before end'),
  time('end', 'now'),
  param('service', 'Service name'),
  param('model', 'Model (requested, else responding)'),
  param('provider', 'Provider (gen_ai.provider.name)'),
  param('operation', 'GenAI operation'),
  param('agent', 'Agent name'),
  param('userId', 'End user id'),
];

function get(summary: string, parameters: Schema[], body: Schema, extra: Record<string, string> = {}): Schema {
  const responses: Record<string, Schema> = {
    200: { description: 'OK', content: { 'application/json': { schema: body } } },
    400: { description: 'A parameter is invalid; the message names it', content: { 'application/json': { schema: ref('Error') } } },
  };
  for (const [code, description] of Object.entries(extra)) responses[code] = { description, content: { 'application/json': { schema: ref('Error') } } };
  return { get: { summary, parameters, responses } };
}

/** An operation taking a JSON body and answering `status` with `body`. */
function withBody(summary: string, request: Schema, status: number, body: Schema, extra: Record<string, string>, parameters: Schema[] = []): Schema {
  const responses: Record<string, Schema> = {
    [status]: { description: status === 201 ? 'Created' : 'OK', content: { 'application/json': { schema: body } } },
    400: { description: 'The body is invalid; the message names the field', content: { 'application/json': { schema: ref('Error') } } },
  };
  for (const [code, description] of Object.entries(extra)) responses[code] = { description, content: { 'application/json': { schema: ref('Error') } } };
  return { summary, parameters, requestBody: { required: true, content: { 'application/json': { schema: request } } }, responses };
}

function post(summary: string, request: Schema, status: number, body: Schema, extra: Record<string, string> = {}, parameters: Schema[] = []): Schema {
  return { post: withBody(summary, request, status, body, extra, parameters) };
}

function patch(summary: string, parameters: Schema[], request: Schema, body: Schema, extra: Record<string, string> = {}): Schema {
  return { patch: withBody(summary, request, 200, body, extra, parameters) };
}

/** A DELETE answering 204 with no body, or 200 with `body`. */
function del(summary: string, parameters: Schema[], extra: Record<string, string> = {}, body?: Schema): Schema {
  const responses: Record<string, Schema> = {
    ...(body ? { 200: { description: 'Done', content: { 'application/json': { schema: body } } } } : { 204: { description: 'Done' } }),
    400: { description: 'A parameter is invalid; the message names it', content: { 'application/json': { schema: ref('Error') } } },
  };
  for (const [code, description] of Object.entries(extra)) responses[code] = { description, content: { 'application/json': { schema: ref('Error') } } };
  return { delete: { summary, parameters, responses } };
}

/** The same operation answering 200 with other media types than JSON (a file). */
function withContent(op: Schema, content: Record<string, Schema>): Schema {
  const get = op.get as { responses: Record<string, Schema> };
  get.responses[200] = { description: 'OK', content };
  return op;
}

const usageTotals = {
  costUsd: nullable(num),
  inputTokens: int,
  outputTokens: int,
  cacheReadTokens: int,
  reasoningTokens: int,
  calls: int,
  errors: int,
  unpricedCalls: int,
};

const schemas: Record<string, Schema> = {
  Error: obj({ error: str }),
  Comment: obj({ id: str, objectType: str, objectId: str, content: str, author: nullable(str), createdAt: str }),
  LangfuseComment: obj({ id: str, projectId: str, createdAt: str, updatedAt: str, objectType: str, objectId: str, content: str, authorUserId: nullable(str) }),
  DatasetSummary: obj({ name: str, description: nullable(str), metadata: {}, items: int, runs: int, lastRunAt: nullable(str), createdAt: str, updatedAt: str }),
  DatasetItem: obj({
    id: str, status: { ...str, enum: ['ACTIVE', 'ARCHIVED'] }, input: {}, expectedOutput: {}, metadata: {}, sourceTraceId: nullable(str), sourceObservationId: nullable(str), createdAt: str, updatedAt: str,
  }),
  DatasetRunSummary: obj({
    name: str, description: nullable(str), metadata: {}, createdAt: str, items: int, avgLatencyMs: nullable(num), totalCostUsd: nullable(num),
    scores: arr(obj({ name: str, avg: nullable(num), count: int, labels: arr(obj({ label: str, count: int })) })),
  }),
  RunResult: obj({
    traceId: str, observationId: nullable(str), output: {}, latencyMs: nullable(num), costUsd: nullable(num), totalTokens: nullable(int), error: { type: 'boolean' },
    scores: arr(obj({ name: str, value: nullable(num), label: nullable(str) })),
  }),
  LangfuseDataset: obj({ id: str, name: str, description: nullable(str), metadata: {}, projectId: str, createdAt: str, updatedAt: str }),
  LangfuseDatasetItem: obj({ id: str, status: str, input: {}, expectedOutput: {}, metadata: {}, sourceTraceId: nullable(str), sourceObservationId: nullable(str), datasetId: str, datasetName: str, createdAt: str, updatedAt: str }),
  LangfuseDatasetRun: obj({ id: str, name: str, description: nullable(str), metadata: {}, datasetId: str, datasetName: str, createdAt: str, updatedAt: str }),
  LangfuseDatasetRunItem: obj({ id: str, datasetRunId: str, datasetRunName: str, datasetItemId: str, traceId: str, observationId: nullable(str), createdAt: str, updatedAt: str }),
  Prompt: obj({
    id: str, name: str, version: int, type: { ...str, enum: ['text', 'chat'] }, prompt: { oneOf: [str, arr(obj({}))] }, config: obj({}),
    labels: arr(str), tags: arr(str), commitMessage: nullable(str), createdAt: str, updatedAt: str,
  }),
  TraceSummary: obj({
    traceId: str, rootName: str, serviceName: str, startTimeUnixNano: nanos, durationMs: num, spanCount: int, errorCount: int,
    llmCallCount: int, inputTokens: int, outputTokens: int, costUsd: nullable(num), models: arr(str), tags: arr(str), sessionId: nullable(str), userId: nullable(str),
  }),
  Event: obj({ name: str, timeUnixNano: nanos, attributes: { type: 'object' } }),
  Span: obj(
    {
      traceId: str, spanId: str, parentSpanId: str, name: str, kind: str, serviceName: str, startTimeUnixNano: nanos, endTimeUnixNano: nanos,
      durationMs: num, status: obj({ code: { enum: ['UNSET', 'OK', 'ERROR'] }, message: str }), attributes: { type: 'object' },
      resourceAttributes: { type: 'object' }, events: arr(ref('Event')), links: arr({ type: 'object' }), scope: obj({ name: str, version: str }),
      depth: int, orphan: { type: 'boolean' },
      genAi: nullable({ type: 'object', description: 'Canonical GenAI record (semconv GenAiRecord) completed with log-record events, plus cost' }),
      evaluations: arr(ref('Evaluation')),
    },
    ['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'serviceName', 'startTimeUnixNano', 'endTimeUnixNano', 'durationMs', 'status', 'attributes', 'resourceAttributes', 'events', 'links', 'scope', 'depth', 'genAi', 'evaluations'],
  ),
  TraceScore: obj({ name: str, count: int, avgScore: nullable(num), label: nullable(str) }),
  SessionScore: obj(
    { id: str, name: str, score: nullable(num), label: nullable(str), explanation: nullable(str), author: nullable(str), timeUnixNano: nanos, configId: { ...str, description: 'The score config it was checked against (absent: none)' } },
    ['id', 'name', 'score', 'label', 'explanation', 'author', 'timeUnixNano'],
  ),
  ScoreConfig: obj({
    id: str, name: str, dataType: SCORE_CONFIG_TYPE, minValue: nullable(num), maxValue: nullable(num), categories: nullable(arr(CONFIG_CATEGORY)), description: nullable(str),
    isArchived: { type: 'boolean', description: 'Scores can no longer name it (it is kept, and may be restored)' }, createdAt: str, updatedAt: str,
  }),
  LangfuseScoreConfig: { allOf: [ref('ScoreConfig'), obj({ projectId: str })] },
  AnnotationQueue: obj({ id: str, name: str, description: nullable(str), scoreConfigIds: arr(str), createdAt: str, updatedAt: str }),
  AnnotationQueueSummary: { allOf: [ref('AnnotationQueue'), obj({ pending: int, completed: int })] },
  AnnotationQueueItem: obj({
    id: str, queueId: str, objectId: str, objectType: { ...str, enum: ['TRACE', 'OBSERVATION', 'SESSION'] }, status: { ...str, enum: ['PENDING', 'COMPLETED'] },
    completedAt: nullable(str), createdAt: str, updatedAt: str,
  }),
  Evaluation: obj({ name: str, score: nullable(num), label: nullable(str), explanation: nullable(str), author: nullable(str), id: nullable(str), errorType: nullable(str), timeUnixNano: nanos }),
  User: obj({
    userId: str, traceCount: int, sessionCount: int, errorCount: int, llmCallCount: int,
    firstSeenUnixNano: nanos, lastSeenUnixNano: nanos, inputTokens: int, outputTokens: int, costUsd: nullable(num),
  }),
  MapNode: obj({ id: str, kind: { type: 'string', enum: ['user', 'service', 'agent', 'llm', 'tool'] }, name: str, calls: int, errors: int }),
  MapEdge: obj({ source: str, target: str, calls: int, errors: int, p50Ms: num, p95Ms: num, tokens: int, costUsd: nullable(num) }),
  EvaluationSummary: obj({
    name: str, model: nullable(str), count: int, scored: int, avgScore: nullable(num), minScore: nullable(num), maxScore: nullable(num),
    labels: { type: 'object', additionalProperties: int, description: 'How many results had each label' },
  }),
  Step: obj({
    index: int, spanId: str, parentSpanId: str, type: { enum: [...STEP_TYPES] }, name: str, startTimeUnixNano: nanos, durationMs: num,
    status: { enum: ['UNSET', 'OK', 'ERROR'] }, agentName: nullable(str), model: nullable(str), inputMessages: nullable(arr({ type: 'object' })),
    outputMessages: nullable(arr({ type: 'object' })), requestedToolCalls: arr(obj({ id: nullable(str), name: nullable(str), arguments: {} })),
    toolName: nullable(str), toolCallId: nullable(str), toolArguments: {}, toolResult: {}, inputTokens: nullable(int), outputTokens: nullable(int),
    costUsd: nullable(num),
  }),
  Edge: obj({ from: str, to: str, kind: { enum: ['tool_call', 'child'] } }),
  LogRecord: obj({
    timeUnixNano: nanos, traceId: str, spanId: str, traceFlags: int, severityText: str, severityNumber: int, serviceName: str, eventName: str,
    body: { description: 'As sent: a string, number, boolean, array or object' }, attributes: { type: 'object' }, resourceAttributes: { type: 'object' },
    resourceSchemaUrl: str, scope: obj({ name: str, version: str, attributes: { type: 'object' }, schemaUrl: str }),
  }),
  Session: obj({
    sessionId: str, userId: nullable(str), traceCount: int, firstSeenUnixNano: nanos, lastSeenUnixNano: nanos, inputTokens: int, outputTokens: int,
    costUsd: nullable(num),
  }),
  UsageTotals: obj(usageTotals),
  CostRow: obj({ key: nullable(str), ...usageTotals }),
  LatencyRow: obj({
    key: nullable(str), count: int, p50Ms: nullable(num), p95Ms: nullable(num), p99Ms: nullable(num), ttftCount: int,
    ttftP50Ms: nullable(num), ttftP95Ms: nullable(num), ttftP99Ms: nullable(num),
  }),
  Series: obj({ key: nullable(str), points: arr({ type: 'array', prefixItems: [int, nullable(num)], minItems: 2, maxItems: 2 }) }),
};

const traceId = path('traceId', '16 or 32 hex characters, any case');
// The filters of the trace search, shared by its list and its export.
const TRACE_FILTERS = [
  time('start', '24 h before end'), time('end', 'now'), param('service', 'Any span’s service'), param('model', 'Any call’s model'),
  param('provider', 'Any call’s provider'), param('operation', 'Any span’s GenAI operation'),
  param('status', 'ok: no error span; error: at least one', { enum: ['ok', 'error'] }),
  param('minDurationMs', 'Minimum trace duration', num), param('maxDurationMs', 'Maximum trace duration', num),
  param('minCostUsd', 'Minimum known trace cost', num), param('sessionId', 'Session/conversation id'), param('userId', 'End user id'),
  { name: 'tag', in: 'query', description: 'Some span of the trace carries this tag (langfuse.trace.tags, tag.tags, ai.telemetry.metadata.tags; repeatable: all must be there)', schema: str },
  { name: 'environment', in: 'query', description: 'Some span of the trace is in this deployment environment (langfuse.environment, else the deployment.environment.name resource attribute, else "default"; repeatable: any of them)', schema: str },
  param('q', 'Full-text search, case-insensitive: every word must appear as a whole word in a span name, message or attribute value of the trace; several words must also appear as that phrase'),
  { name: 'attr.<key>', in: 'query', description: 'Span or resource attribute equals value (repeatable; one span matches all)', schema: str },
  param('evaluation', 'Something in the trace has an evaluation result of this name (gen_ai.evaluation.name)'),
  param('minScore', 'With evaluation: its score is at least this', num), param('maxScore', 'With evaluation: its score is at most this', num),
  param('evaluationLabel', 'With evaluation: its label is this'),
];
const notFound = { 404: 'Unknown in the caller’s project' };

const pageMeta = obj({ page: int, limit: int, totalItems: int, totalPages: int });
const paged = (item: Schema) => obj({ data: arr(item), meta: pageMeta });
const PAGE = [param('page', 'Page, from 1', int), limit(50, 100)];
const datasetName = path('datasetName', 'Dataset name (URL-encoded)');
const runName = path('runName', 'Run name (URL-encoded)');
const message = obj({ message: str });
const langfuseDatasetBody = obj({ name: str, description: str, metadata: {} }, ['name']);

/** Datasets and experiment runs: WatchLLM's own API, and Langfuse's on the same store. */
const DATASET_PATHS: Record<string, Schema> = {
  '/api/v1/datasets': {
    ...get('Datasets, the most recently changed first, with their active items and runs counted', [], obj({ datasets: arr(ref('DatasetSummary')) })),
    ...post('Create a dataset, or change its description and metadata (by name)', langfuseDatasetBody, 201, ref('DatasetSummary')),
  },
  '/api/v1/datasets/{datasetName}': get(
    'A dataset with its items (newest first) and its runs (newest first), each summed up over the traces its items are linked to: average latency, total cost, item-level score means, then run-level scores',
    [datasetName],
    obj({ dataset: obj({ name: str, description: nullable(str), metadata: {}, createdAt: str, updatedAt: str }), items: arr(ref('DatasetItem')), runs: arr(ref('DatasetRunSummary')) }),
    notFound,
  ),
  '/api/v1/datasets/{datasetName}/items': {
    post: withBody(
      'Add an item (e.g. from a span: sourceTraceId / sourceObservationId)',
      obj({ input: {}, expectedOutput: {}, metadata: {}, sourceTraceId: str, sourceObservationId: str }, ['input']),
      201,
      ref('DatasetItem'),
      notFound,
      [datasetName],
    ),
  },
  '/api/v1/datasets/{datasetName}/compare': get(
    'The dataset\'s items side by side across runs: per run, the linked trace\'s (or observation\'s) output, latency, cost, tokens, error flag and scores',
    [datasetName, { name: 'run', in: 'query', required: true, description: 'A run name (repeatable, 1 to 10)', schema: str }],
    obj({ runs: arr(ref('DatasetRunSummary')), items: arr(obj({ itemId: str, input: {}, expectedOutput: {}, results: { type: 'object', additionalProperties: nullable(ref('RunResult')) } })) }),
    notFound,
  ),
  '/api/public/v2/datasets': {
    ...get('Langfuse-compatible dataset list, the most recently changed first', PAGE, paged(ref('LangfuseDataset'))),
    ...post('Langfuse-compatible: create a dataset, or change its description and metadata (by name)', langfuseDatasetBody, 200, ref('LangfuseDataset')),
  },
  '/api/public/v2/datasets/{datasetName}': get('Langfuse-compatible: a dataset', [datasetName], ref('LangfuseDataset'), notFound),
  '/api/public/datasets': {
    ...get('Langfuse-compatible (v1): as GET /api/public/v2/datasets', PAGE, paged(ref('LangfuseDataset'))),
    ...post('Langfuse-compatible (v1, older SDKs): as POST /api/public/v2/datasets', langfuseDatasetBody, 200, ref('LangfuseDataset')),
  },
  '/api/public/datasets/{datasetName}': get(
    'Langfuse-compatible (v1, older SDKs): a dataset with its items and its runs\' names',
    [datasetName],
    { allOf: [ref('LangfuseDataset'), obj({ items: arr(ref('LangfuseDatasetItem')), runs: arr(str) })] },
    notFound,
  ),
  '/api/public/dataset-items': {
    ...get(
      'Langfuse-compatible: active dataset items, the newest first (archived ones are not run again)',
      [param('datasetName', 'Dataset name'), param('sourceTraceId', 'Source trace id'), param('sourceObservationId', 'Source observation id'), ...PAGE],
      paged(ref('LangfuseDatasetItem')),
      notFound,
    ),
    ...post(
      'Langfuse-compatible: create an item, or change the one with this id (what is left out stays); status ACTIVE or ARCHIVED',
      obj({ datasetName: str, id: str, status: { ...str, enum: ['ACTIVE', 'ARCHIVED'] }, input: {}, expectedOutput: {}, metadata: {}, sourceTraceId: str, sourceObservationId: str }, ['datasetName']),
      200,
      ref('LangfuseDatasetItem'),
      { ...notFound, 409: 'The id is another dataset\'s item' },
    ),
  },
  '/api/public/dataset-items/{itemId}': {
    ...get('Langfuse-compatible: a dataset item (archived too)', [path('itemId', 'Item id')], ref('LangfuseDatasetItem'), notFound),
    ...del('Langfuse-compatible: delete a dataset item', [path('itemId', 'Item id')], notFound, message),
  },
  '/api/public/dataset-run-items': {
    ...get('Langfuse-compatible: a run\'s items, oldest first', [param('datasetId', 'Dataset id', str, true), param('runName', 'Run name', str, true), ...PAGE], paged(ref('LangfuseDatasetRunItem')), notFound),
    ...post(
      'Langfuse-compatible: link a dataset item to the trace (and observation) a run made of it; the run is made with its first item (runDescription / metadata change it)',
      obj({ runName: str, runDescription: str, metadata: {}, datasetItemId: str, traceId: str, observationId: str, createdAt: str }, ['runName', 'datasetItemId', 'traceId']),
      200,
      ref('LangfuseDatasetRunItem'),
      notFound,
    ),
  },
  '/api/public/datasets/{datasetName}/runs': get('Langfuse-compatible: a dataset\'s runs, the newest first', [datasetName, ...PAGE], paged(ref('LangfuseDatasetRun')), notFound),
  '/api/public/datasets/{datasetName}/runs/{runName}': {
    ...get('Langfuse-compatible: a run with its items', [datasetName, runName], { allOf: [ref('LangfuseDatasetRun'), obj({ datasetRunItems: arr(ref('LangfuseDatasetRunItem')) })] }, notFound),
    ...del('Langfuse-compatible: delete a run (its items and run-level scores are no longer read)', [datasetName, runName], notFound, message),
  },
};

const mediaId = path('mediaId', "The file's id: the first 22 characters of the URL-safe base64 SHA-256 of its bytes (Langfuse's SDKs compute it)");
const mediaToken = (what: string) => param('token', `The token the ${what} URL carries`, str, true);
const FILE = { '*/*': { schema: { type: 'string', format: 'binary' } } };

/** Media Langfuse's SDKs upload apart from spans (a `@@@langfuseMedia:…|id=…@@@` reference stays in the span). */
const evaluatorName = path('evaluatorName', 'Evaluator name: the score name its results carry (URL-encoded)');
const evaluatorFields = {
  enabled: { type: 'boolean' },
  target: { ...str, enum: ['llm', 'trace'], description: 'llm: model call spans; trace: root spans' },
  filters: obj({ service: str, model: str, environment: str, tag: str }, []),
  samplingRate: { ...num, minimum: 0, maximum: 1, description: 'Share of traces scored, chosen by a hash of the trace id' },
  judge: obj({ baseUrl: { ...str, description: 'OpenAI-compatible API base, e.g. https://api.openai.com/v1' }, model: str, apiKeyEnv: { ...str, description: 'Name of the environment variable holding the API key on the query service (never the key)' } }, ['baseUrl', 'model']),
  promptTemplate: { ...str, description: 'Prompt with {{input}}, {{output}} and {{expected}} placeholders' },
  output: { oneOf: [obj({ type: { const: 'numeric' } }), obj({ type: { const: 'categorical' }, labels: arr(str) })] },
};
const evaluatorDto = obj({ name: str, ...evaluatorFields, judge: obj({ baseUrl: str, model: str, apiKeyEnv: str, apiKeySet: { type: 'boolean' }, problem: nullable(str) }), createdAt: str, updatedAt: str });

/** Online evaluators: a judge model scoring spans as they come. */
const EVALUATOR_PATHS: Record<string, Schema> = {
  '/api/v1/evaluators': {
    ...get('Online evaluators by name, with the scores each wrote in the last 24 h and the errors this service met running it', [], obj({ evaluators: arr({ allOf: [evaluatorDto, obj({ scoresLast24h: int, errors: int, lastError: nullable(str) })] }) })),
    ...post('Create an online evaluator: new spans matching its target and filters, sampled by trace, are scored by its judge and kept as evaluations of the span (author evaluator:<name>)', obj({ name: str, ...evaluatorFields }, ['name', 'target', 'judge', 'promptTemplate', 'output']), 201, evaluatorDto, { 409: 'An evaluator of that name exists' }),
  },
  '/api/v1/evaluators/{evaluatorName}': {
    ...get('One evaluator', [evaluatorName], evaluatorDto, notFound),
    ...patch('Change an evaluator: the fields given replace the stored ones (spans scored stay scored)', [evaluatorName], obj(evaluatorFields, []), evaluatorDto, notFound),
    ...del('Delete an evaluator (its scores stay)', [evaluatorName], notFound),
  },
  '/api/v1/evaluators/{evaluatorName}/test': {
    post: withBody(
      'Run an evaluator once on a trace (its first model call or root, or the span given) and answer the verdict without storing it; draft: changes to try without saving',
      obj({ traceId: str, spanId: str, draft: obj(evaluatorFields, []) }, ['traceId']),
      200,
      obj({ traceId: str, spanId: str, prompt: str, score: nullable(num), label: nullable(str), reasoning: str }),
      { ...notFound, 502: 'The judge failed or answered nothing usable (error, and the prompt sent)' },
      [evaluatorName],
    ),
  },
};

const playgroundMessage = obj({ role: { ...str, enum: ['system', 'user', 'assistant', 'tool'] }, content: str });
const playgroundParameters = obj({ temperature: { ...num, minimum: 0, maximum: 2 }, max_tokens: { ...int, minimum: 1 }, top_p: { ...num, minimum: 0, maximum: 1 }, stop: { oneOf: [str, arr(str)] } }, []);

/** The playground: a model call re-run with edits, at an endpoint the operator named (WATCHLLM_JUDGE_URL_<NAME>). */
const PLAYGROUND_PATHS: Record<string, Schema> = {
  '/api/v1/playground/connections': get(
    'The model endpoints the playground may call, as the operator named them (WATCHLLM_JUDGE_URL_<NAME>, key in WATCHLLM_JUDGE_KEY_<NAME>): the URL\'s host and whether a key is set, never the key',
    [],
    obj({ connections: arr(obj({ name: str, host: str, keySet: { type: 'boolean' } })) }),
  ),
  '/api/v1/playground/chat': post(
    'Call an OpenAI-compatible chat completions endpoint by connection name with the messages and parameters given, and answer the reply; nothing is recorded. 400 also when the connection is not configured (the message names the variable to set)',
    obj({ connection: { ...str, description: 'A connection name from /api/v1/playground/connections' }, model: str, messages: arr(playgroundMessage), parameters: playgroundParameters }, ['connection', 'model', 'messages']),
    200,
    obj({ output: str, finishReason: nullable(str), usage: obj({ inputTokens: nullable(int), outputTokens: nullable(int) }), latencyMs: int, model: str }),
    { 413: 'The body is over 1 MiB', 502: "The model's endpoint failed or answered nothing usable (its message)" },
  ),
};

const modelId = path('modelId', 'Model id (built-in ones: genai-prices:<provider>:<model>)');
const MODEL_PRICES = { type: 'object', additionalProperties: num, description: 'USD per unit by usage type: input, output, total, input_cache_read (or cache_read_input_tokens, input_cached_tokens), input_cache_creation, output_reasoning (or output_reasoning_tokens)' };
const MODEL_REQUEST = obj(
  {
    modelName: str,
    matchPattern: { ...str, description: 'A regex on the span\'s model name (response model, else request model); a leading (?i) makes it case-insensitive' },
    startDate: { ...nullable(str), description: 'ISO 8601: applies to spans from then on (the newest start in force wins)' },
    unit: { ...str, enum: ['TOKENS', 'CHARACTERS', 'MILLISECONDS', 'SECONDS', 'IMAGES', 'REQUESTS'], description: 'Default TOKENS; only TOKENS models price spans' },
    inputPrice: nullable(num), outputPrice: nullable(num), totalPrice: nullable(num),
    prices: { ...MODEL_PRICES, description: `${MODEL_PRICES.description}; a value may also be { price }` },
    pricingTiers: { ...arr({}), description: 'One default tier (isDefault, no conditions) whose prices are the model\'s; conditional tiers are refused' },
    tokenizerId: nullable(str), tokenizerConfig: {},
  },
  ['modelName', 'matchPattern'],
);
const LANGFUSE_MODEL = obj({
  id: str, modelName: str, matchPattern: str, startDate: nullable(str), unit: nullable(str), inputPrice: nullable(num), outputPrice: nullable(num), totalPrice: nullable(num),
  tokenizerId: nullable(str), tokenizerConfig: {}, isLangfuseManaged: { type: 'boolean' }, createdAt: nullable(str),
  prices: { type: 'object', additionalProperties: obj({ price: num }) }, pricingTiers: arr({}),
});
const rateOrNull = nullable(num);
const MODEL_PRICE = obj({
  id: str, modelName: str, matchPattern: str, startDate: nullable(str), unit: nullable(str), prices: MODEL_PRICES,
  perMillionTokens: nullable(obj({ input: rateOrNull, output: rateOrNull, cacheRead: rateOrNull, cacheWrite: rateOrNull, reasoning: rateOrNull })),
  builtIn: { type: 'boolean' }, createdAt: nullable(str),
});
const builtInRefused = { 405: 'A built-in model cannot be changed or deleted' };
const MODEL_PATHS: Record<string, Schema> = {
  '/api/public/models': {
    ...get(
      "Langfuse-compatible: the project's models (newest change first), then the built-in ones from the genai-prices catalog (isLangfuseManaged), page-numbered",
      [param('page', 'Page, from 1', int), limit(50, 100)],
      obj({ data: arr(LANGFUSE_MODEL), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
    ),
    ...post("Langfuse-compatible: a model price of the project; spans whose model matches are priced by it at ingest, before config prices and the catalog", MODEL_REQUEST, 200, LANGFUSE_MODEL),
  },
  '/api/public/models/{modelId}': {
    ...get('Langfuse-compatible: one model', [modelId], LANGFUSE_MODEL, notFound),
    put: withBody("Langfuse-compatible: create or replace the project's model with this id", MODEL_REQUEST, 200, LANGFUSE_MODEL, builtInRefused, [modelId]),
    ...del("Langfuse-compatible: delete the project's model", [modelId], { ...notFound, ...builtInRefused }, obj({ message: str })),
  },
  '/api/v1/model-prices': {
    ...get(
      "The project's model prices (newest change first), then the built-in ones, with what a span is billed per million tokens",
      [param('builtIn', 'true: only the built-in ones; false: only the project\'s', { ...str, enum: ['true', 'false'] })],
      obj({ models: arr(MODEL_PRICE) }),
    ),
    ...post('A model price of the project (the body of Langfuse\'s POST /api/public/models)', MODEL_REQUEST, 201, MODEL_PRICE),
  },
  '/api/v1/model-prices/{modelId}': del("Delete the project's model price", [modelId], { ...notFound, ...builtInRefused }),
};

const COMMENT_TYPES = { ...str, enum: ['TRACE', 'OBSERVATION', 'SESSION', 'PROMPT'] };
const commentId = path('commentId', 'Comment id');
const objectFilter = [param('objectType', 'TRACE, OBSERVATION, SESSION or PROMPT (required with objectId)'), param('objectId', 'A trace id, span id, session id or prompt name')];
const COMMENT_PATHS: Record<string, Schema> = {
  '/api/public/comments': {
    ...get(
      'Langfuse-compatible: comments newest first, page-numbered, on one object with objectType + objectId',
      [...objectFilter, param('authorUserId', 'Author'), param('page', 'Page, from 1', int), limit(50, 100)],
      obj({ data: arr(ref('LangfuseComment')), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
    ),
    ...post(
      'Langfuse-compatible: a comment on a trace, observation, session or prompt (not checked to exist); the API key picks the project',
      obj({ projectId: str, objectType: COMMENT_TYPES, objectId: str, content: { ...str, minLength: 1, maxLength: 5000 }, authorUserId: str }, ['objectType', 'objectId', 'content']),
      200,
      obj({ id: str }),
    ),
  },
  '/api/public/comments/{commentId}': get('Langfuse-compatible: one comment', [commentId], ref('LangfuseComment'), notFound),
  '/api/v1/comments': {
    ...get('Comments oldest first (up to 1000), on one object with objectType + objectId', [...objectFilter, limit(1000, 1000)], obj({ comments: arr(ref('Comment')), total: int })),
    ...post(
      'A comment on a trace, observation (span), session or prompt',
      obj({ objectType: COMMENT_TYPES, objectId: str, content: { ...str, minLength: 1, maxLength: 5000 }, author: str }, ['objectType', 'objectId', 'content']),
      201,
      ref('Comment'),
    ),
  },
  '/api/v1/comments/{commentId}': del('Delete a comment', [commentId], notFound),
};

const configId = path('configId', 'Score config id');
const configFields = {
  name: { ...str, maxLength: 35, description: 'Letters, numbers, spaces, _ . ( ) -' },
  minValue: { ...num, description: 'NUMERIC: the least score (inclusive)' },
  maxValue: { ...num, description: 'NUMERIC: the greatest score (inclusive), above minValue' },
  categories: { ...arr(CONFIG_CATEGORY), description: 'CATEGORICAL: at least one, labels and values unique (BOOLEAN configs get True = 1, False = 0)' },
  description: str,
};
const newConfig = obj({ ...configFields, dataType: SCORE_CONFIG_TYPE }, ['name', 'dataType']);
const SCORE_CONFIG_PATHS: Record<string, Schema> = {
  '/api/public/score-configs': {
    ...get(
      'Langfuse-compatible: score configs newest first (archived ones too), page-numbered; fromTimestamp / toTimestamp bound when they were created',
      [param('page', 'Page, from 1', int), limit(50, 100), param('fromTimestamp', 'ISO 8601'), param('toTimestamp', 'ISO 8601')],
      obj({ data: arr(ref('LangfuseScoreConfig')), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
    ),
    ...post('Langfuse-compatible: a score config, which scores naming it (configId) are checked against', newConfig, 200, ref('LangfuseScoreConfig')),
  },
  '/api/public/score-configs/{configId}': {
    ...get('Langfuse-compatible: one score config', [configId], ref('LangfuseScoreConfig'), notFound),
    ...patch(
      'Langfuse-compatible: change a score config (its data type stays); isArchived: true archives it (scores can no longer name it), false restores it',
      [configId],
      obj({ ...configFields, isArchived: { type: 'boolean' } }, []),
      ref('LangfuseScoreConfig'),
      notFound,
    ),
    ...del('Langfuse-compatible: archive a score config (configs are never deleted)', [configId], notFound, obj({ message: str })),
  },
  '/api/v1/score-configs': {
    ...get(
      "The project's score configs by name: the live ones (what score forms offer), archived ones too with includeArchived=true",
      [param('includeArchived', 'Archived configs too (default false)', { type: 'boolean' })],
      obj({ configs: arr(ref('ScoreConfig')) }),
    ),
    ...post('Create a score config (checked as the Langfuse-compatible route checks one; BOOLEAN configs get True = 1, False = 0)', newConfig, 201, ref('ScoreConfig')),
  },
  '/api/v1/score-configs/{configId}': patch(
    'Archive a score config (isArchived: true: scores can no longer name it), restore it (false), or change its description',
    [configId],
    obj({ isArchived: { type: 'boolean' }, description: str }, []),
    ref('ScoreConfig'),
    notFound,
  ),
};

const queueId = path('queueId', 'Annotation queue id');
const itemId = path('itemId', 'Queue item id');
const QUEUE_STATUS: Schema = { ...str, enum: ['PENDING', 'COMPLETED'] };
const newQueue = obj({ name: str, description: nullable(str), scoreConfigIds: { ...arr(str), description: "Live score configs of the project, the queue's items are scored with" } }, ['name']);
const newQueueItem = obj({ objectId: str, objectType: { ...str, enum: ['TRACE', 'OBSERVATION', 'SESSION'] }, status: { ...QUEUE_STATUS, description: 'Default PENDING' } }, ['objectId', 'objectType']);
const itemStatus = obj({ status: { ...QUEUE_STATUS, description: 'COMPLETED stamps completedAt; PENDING clears it' } });
const queueNotFound = { 404: 'No such queue (or item) in the caller’s project; the message names it' };
const noUsers = { 501: 'Assignments need user accounts, which WatchLLM does not have' };
const ANNOTATION_QUEUE_PATHS: Record<string, Schema> = {
  '/api/public/annotation-queues': {
    ...get('Langfuse-compatible: annotation queues newest first, page-numbered', PAGE, paged(ref('AnnotationQueue'))),
    ...post('Langfuse-compatible: an annotation queue, scored with the score configs named (a 400 names one the project lacks)', newQueue, 200, ref('AnnotationQueue')),
  },
  '/api/public/annotation-queues/{queueId}': get('Langfuse-compatible: one annotation queue', [queueId], ref('AnnotationQueue'), queueNotFound),
  '/api/public/annotation-queues/{queueId}/items': {
    ...get('Langfuse-compatible: a queue’s items oldest first, page-numbered', [queueId, param('status', 'PENDING or COMPLETED', QUEUE_STATUS), ...PAGE], paged(ref('AnnotationQueueItem')), queueNotFound),
    ...post('Langfuse-compatible: queue a trace, observation (span) or session', newQueueItem, 200, ref('AnnotationQueueItem'), queueNotFound, [queueId]),
  },
  '/api/public/annotation-queues/{queueId}/items/{itemId}': {
    ...get('Langfuse-compatible: one queue item', [queueId, itemId], ref('AnnotationQueueItem'), queueNotFound),
    ...patch('Langfuse-compatible: complete (or reopen) a queue item', [queueId, itemId], itemStatus, ref('AnnotationQueueItem'), queueNotFound),
    ...del('Langfuse-compatible: remove an item from its queue', [queueId, itemId], queueNotFound, obj({ success: { type: 'boolean' }, message: str })),
  },
  '/api/public/annotation-queues/{queueId}/assignments': {
    ...post('Langfuse-compatible path; answers 501: assignments need user accounts, which WatchLLM does not have', obj({ userId: str }), 200, ref('Error'), noUsers, [queueId]),
    ...del('Langfuse-compatible path; answers 501 (no user accounts)', [queueId], noUsers, ref('Error')),
  },
  '/api/v1/annotation-queues': {
    ...get("The project's annotation queues, newest first, with their pending and completed counts", [], obj({ queues: arr(ref('AnnotationQueueSummary')) })),
    ...post('Create an annotation queue (checked as the Langfuse-compatible route checks one)', newQueue, 201, ref('AnnotationQueue')),
  },
  '/api/v1/annotation-queues/{queueId}': get(
    'A queue with its counts and its items, oldest first (up to 1000)',
    [queueId, param('status', 'Only items of this status', QUEUE_STATUS)],
    { allOf: [ref('AnnotationQueueSummary'), obj({ items: arr(ref('AnnotationQueueItem')) })] },
    queueNotFound,
  ),
  '/api/v1/annotation-queues/{queueId}/items': post('Queue a trace, observation (span) or session', newQueueItem, 201, ref('AnnotationQueueItem'), queueNotFound, [queueId]),
  '/api/v1/annotation-queues/{queueId}/items/{itemId}': {
    ...patch('Complete (or reopen) a queue item', [queueId, itemId], itemStatus, ref('AnnotationQueueItem'), queueNotFound),
    ...del('Remove an item from its queue', [queueId, itemId], queueNotFound),
  },
};

const MEDIA_PATHS: Record<string, Schema> = {
  '/api/public/media': post(
    'Langfuse-compatible: ask to upload a file (up to 32 MiB); uploadUrl is null when the project holds it already',
    obj({ traceId: str, observationId: str, contentType: str, contentLength: int, sha256Hash: str, field: str }, ['contentType', 'contentLength', 'sha256Hash']),
    200,
    obj({ mediaId: str, uploadUrl: nullable(str) }),
  ),
  '/api/public/media/{mediaId}': {
    ...get('Langfuse-compatible: an uploaded file, with a download URL', [mediaId], obj({ mediaId: str, contentType: str, contentLength: int, uploadedAt: str, url: str, urlExpiry: str }), notFound),
    patch: {
      ...withBody('Langfuse-compatible: how an upload went, as the SDK reports it (the bytes were checked on upload)', obj({ uploadedAt: str, uploadHttpStatus: int, uploadHttpError: nullable(str), uploadTimeMs: int }, ['uploadHttpStatus']), 204, {}, notFound, [mediaId]),
      responses: { 204: { description: 'Noted' }, 404: { description: 'No such file', content: { 'application/json': { schema: ref('Error') } } } },
    },
  },
  '/api/public/media/{mediaId}/upload': {
    put: {
      summary: 'The upload URL POST /api/public/media gives (no API key: its token instead): the bytes, with the content type asked for; refused unless they hash to the id',
      parameters: [mediaId, mediaToken('upload')],
      requestBody: { required: true, content: FILE },
      responses: { 200: { description: 'Kept' }, 400: { description: 'Not the size, type or hash asked for', content: { 'application/json': { schema: ref('Error') } } }, 404: { description: 'No upload asked for with this URL' } },
    },
  },
  '/api/public/media/{mediaId}/content': withContent(get('The download URL GET /api/public/media/{mediaId} gives (no API key: its token instead)', [mediaId, mediaToken('download')], str, notFound), FILE),
  '/api/v1/media/{mediaId}': withContent(get("A file of the caller's project, as uploaded (the UI shows references with it)", [mediaId], str, notFound), FILE),
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'WatchLLM query API',
    version: '1',
    description: 'Every read is scoped to the caller’s project. Times accept ISO 8601 or unix milliseconds. Errors are {"error": "…"}.',
  },
  paths: {
    '/api/v1/traces': get(
      'Search traces, newest first; follow nextCursor to page without skips or repeats',
      [
        ...TRACE_FILTERS,
        limit(50, 1000), cursor,
      ],
      obj({ traces: arr({ allOf: [ref('TraceSummary'), obj({ scores: arr(ref('TraceScore')) })] }), nextCursor: nullable(str) }),
    ),
    '/api/v1/traces/export': withContent(
      get(
        'The traces search as a file: every page up to limit, as CSV (header row; formulas defused) or NDJSON (the search results\' objects)',
        [...TRACE_FILTERS, param('format', 'File format (default csv)', { enum: ['csv', 'ndjson'] }), limit(1000, 10000)],
        str,
      ),
      { 'text/csv': { schema: str }, 'application/x-ndjson': { schema: str } },
    ),
    '/api/v1/traces/{traceId}': {
      ...get('A trace as a waterfall (depth-first, siblings by start)', [traceId], obj({ traceId: str, spans: arr(ref('Span')) }), notFound),
      ...del(
        'Erase a trace: its spans, log records (content, scores), lookup and search rows leave every read at once (lightweight deletes; gone from disk as parts merge). The usage rollups hold no content and keep counting it',
        [traceId],
        notFound,
      ),
    },
    '/api/v1/traces/{traceId}/steps': get(
      'Agent steps in execution order with child and tool_call edges',
      [traceId],
      obj({ traceId: str, steps: arr(ref('Step')), edges: arr(ref('Edge')) }),
      notFound,
    ),
    '/api/v1/logs': get(
      'Log records (OTLP logs, e.g. GenAI content events), newest first; follow nextCursor to page',
      [...LOG_FILTERS, limit(100, 1000), cursor],
      obj({ logs: arr(ref('LogRecord')), nextCursor: nullable(str) }),
    ),
    '/api/v1/logs/volume': get(
      'How many log records per time bucket and severity level (fatal, error, warn, info, debug, trace, unknown), most severe first',
      [...LOG_FILTERS, param('step', 'Bucket: seconds or 1m/5m/1h/1d, a multiple of 60 s (default gives ≤ 120 points)')],
      obj({ step: int, series: arr(ref('Series')) }),
    ),
    '/api/public/scores': post(
      'Langfuse-compatible: a Langfuse SDK\'s score (traceId, observationId = the span, name, value, dataType NUMERIC | CATEGORICAL | BOOLEAN | TEXT | CORRECTION, comment), kept as POST /api/v1/evaluations keeps scores; with sessionId and no traceId a score on the session as a whole, with datasetRunId alone one on a dataset run; the same id sent again is kept once',
      obj({ id: str, traceId: str, observationId: str, sessionId: str, datasetRunId: str, name: str, value: { oneOf: [num, str, { type: 'boolean' }] }, dataType: { ...str, enum: ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT', 'CORRECTION'] }, comment: str, configId: { ...str, description: 'A score config the value must fit (its bounds, categories, 0 / 1 or text of 1–500 characters); the config names the score and gives its data type' } }, ['name', 'value']),
      200,
      obj({ id: str }),
      { 404: 'No such trace, span or score config in the caller\'s project' },
    ),
    '/api/public/ingestion': post(
      'Langfuse-compatible: the batch Langfuse clients send ({ batch: [{ id, type, timestamp, body }] }): score-create kept as evaluations; trace-, span-, generation-, event- and observation- create / update events (Langfuse\'s pre-OpenTelemetry SDKs: JS v3, Python v2) kept and written as spans once their trace is quiet (WATCHLLM_LANGFUSE_QUIET_MS, default 15 s; an observation not ended waits for its end, up to 10 min); sdk-log taken and dropped; each event answered for itself',
      obj({ batch: arr(obj({ id: str, type: str, body: obj({}) })) }, ['batch']),
      207,
      obj({ successes: arr(obj({ id: str, status: int })), errors: arr(obj({ id: str, status: int, message: str })) }),
    ),
    '/api/public/traces/{traceId}': {
      ...get(
      'Langfuse-compatible (its v1 trace): the trace with its observations (spans: GENERATION, TOOL, AGENT, SPAN …, usage, cost, input and output) and scores',
      [traceId],
      obj({ id: str, timestamp: str, name: str, sessionId: nullable(str), userId: nullable(str), tags: arr(str), latency: num, totalCost: nullable(num), observations: arr(obj({})), scores: arr(obj({})) }),
      notFound,
    ),
      ...del('Langfuse-compatible: erase a trace (as DELETE /api/v1/traces/{traceId})', [traceId], notFound, obj({ message: str })),
    },
    '/api/public/traces': {
      ...get(
      'Langfuse-compatible (its v1 trace list): traces newest first, page-numbered (the first 10,000); environment filters by langfuse.environment / deployment.environment.name (else "default"); release and version are refused',
      [
        param('page', 'Page, from 1', int), limit(50, 100), param('userId', 'User id'), param('sessionId', 'Session id'), param('name', 'Root span name'),
        param('tags', 'Tags the trace has (all of them)'), param('environment', 'Deployment environment (repeatable)'), param('fromTimestamp', 'ISO 8601'), param('toTimestamp', 'ISO 8601'),
        param('fields', 'core, io, scores, observations, metrics (default all; core alone reads only the trace summary)'),
      ],
      obj({ data: arr(obj({})), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
    ),
      ...del('Langfuse-compatible: erase traces by id (JSON body {traceIds: [...]}, at most 1,000); the message says how many were found and erased', [], {}, obj({ message: str })),
    },
    '/api/public/sessions/{sessionId}': get(
      'Langfuse-compatible: a session (traces sharing gen_ai.conversation.id / session.id) with its traces',
      [{ ...param('sessionId', 'Session id'), in: 'path', required: true }],
      obj({ id: str, createdAt: str, projectId: str, environment: str, traces: arr(obj({})) }),
      notFound,
    ),
    '/api/public/sessions': get(
      'Langfuse-compatible: sessions, latest activity first, page-numbered (the first 10,000)',
      [param('page', 'Page, from 1', int), limit(50, 100), param('fromTimestamp', 'ISO 8601'), param('toTimestamp', 'ISO 8601')],
      obj({ data: arr(obj({ id: str, createdAt: str, projectId: str, environment: str })), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
    ),
    '/api/public/v2/scores': get(
      'Langfuse-compatible: scores (evaluation results) newest first, page-numbered; trace-level ones (on a root span) have no observationId, session-level ones no traceId',
      [
        param('page', 'Page, from 1', int), limit(50, 100), param('name', 'Score name'), param('traceId', 'Trace id'), param('observationId', 'Span id'), param('sessionId', 'Session id: the scores on that session as a whole'),
        param('scoreIds', 'Comma-separated ids'), param('dataType', 'NUMERIC, CATEGORICAL, BOOLEAN, TEXT or CORRECTION'), param('operator', '<, >, <=, >=, = or != (with value)'), param('value', 'Number', num),
        param('fromTimestamp', 'ISO 8601'), param('toTimestamp', 'ISO 8601'), param('configId', 'Scores checked against this score config'),
      ],
      obj({ data: arr(obj({ id: str, traceId: nullable(str), sessionId: nullable(str), observationId: nullable(str), name: str, value: num, stringValue: nullable(str), dataType: str, comment: nullable(str), configId: nullable(str) })), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
    ),
    '/api/public/v3/scores': get(
      'Langfuse-compatible (v3, api.scoresV3.getManyV3): scores newest first, cursor-paged; value typed by dataType (a number, a boolean, or the text of a category, TEXT or CORRECTION score); list filters are comma-separated, any value within one and all across',
      [
        limit(50, 100), param('cursor', 'meta.cursor of the previous page'), param('fields', 'Field groups: details, subject, annotation'), param('id', 'Score ids'),
        param('name', 'Score names'), param('source', 'API, ANNOTATION or EVAL (every score here is API)'), param('dataType', 'NUMERIC, BOOLEAN, CATEGORICAL, TEXT, CORRECTION (any case)'),
        param('environment', 'Environments (scores read as default)'), param('configId', 'Score config ids'), param('authorUserId', 'Authors'),
        param('value', 'Exact values, with one dataType of NUMERIC, BOOLEAN (true / false) or CATEGORICAL'), param('valueMin', 'Least numeric value (dataType=NUMERIC)', num),
        param('valueMax', 'Greatest numeric value (dataType=NUMERIC)', num), param('traceId', 'Trace ids'), param('observationId', 'Span ids (with traceId)'),
        param('sessionId', 'Session ids: scores on those sessions as wholes'), param('fromTimestamp', 'ISO 8601, inclusive'), param('toTimestamp', 'ISO 8601, exclusive'),
      ],
      obj({
        data: arr(obj({ id: str, projectId: str, name: str, value: { oneOf: [num, str, { type: 'boolean' }] }, dataType: str, source: str, timestamp: str, environment: str, createdAt: str, updatedAt: str })),
        meta: obj({ limit: int, cursor: str }),
      }),
    ),
    '/api/public/v2/scores/{scoreId}': get(
      'Langfuse-compatible: a score given through an API, by the id it answered',
      [{ ...param('scoreId', 'Score id'), in: 'path', required: true }],
      obj({ id: str, traceId: nullable(str), sessionId: nullable(str), name: str, value: num }),
      notFound,
    ),
    ...DATASET_PATHS,
    ...MEDIA_PATHS,
    ...COMMENT_PATHS,
    ...SCORE_CONFIG_PATHS,
    ...ANNOTATION_QUEUE_PATHS,
    ...EVALUATOR_PATHS,
    ...PLAYGROUND_PATHS,
    ...MODEL_PATHS,
    '/api/v1/prompts/{promptName}/usage': get(
      'Calls made from a prompt\'s versions (spans naming it in langfuse.observation.prompt.name / .version), per version: calls, errors, p50 / p95 latency, average input and output tokens, cost, first and last use',
      [{ ...param('promptName', 'Prompt name (URL-encoded)'), in: 'path', required: true }, time('start', '30 days before end'), time('end', 'now')],
      obj({ name: str, startMs: int, endMs: int, versions: arr(obj({ version: int, calls: int, errors: int, p50Ms: num, p95Ms: num, avgInputTokens: num, avgOutputTokens: num, costUsd: nullable(num), firstUsedMs: int, lastUsedMs: int })) }),
    ),
    '/api/public/v2/prompts': {
      ...get(
        'Langfuse-compatible prompt list: each prompt with its versions, labels (incl. "latest") and tags, by name, page-numbered; name, label and tag filter the versions',
        [param('name', 'Prompt name'), param('label', 'A version label'), param('tag', 'A prompt tag'), param('page', 'Page, from 1', int), limit(50, 100), param('fromUpdatedAt', 'ISO 8601'), param('toUpdatedAt', 'ISO 8601')],
        obj({ data: arr(obj({ name: str, type: str, versions: arr(int), labels: arr(str), tags: arr(str), lastUpdatedAt: str })), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
      ),
      ...post(
        'Langfuse-compatible: a new prompt version (numbered after the newest), text (a string) or chat (messages {role, content} and placeholders {type: "placeholder", name}); its labels move to it; tags apply to every version',
        obj({ name: str, type: { ...str, enum: ['text', 'chat'] }, prompt: { oneOf: [str, arr(obj({}))] }, config: obj({}), labels: arr(str), tags: arr(str), commitMessage: str }, ['name', 'prompt']),
        201,
        ref('Prompt'),
        { 409: 'The prompt exists with the other type', 413: 'Over 1 MiB' },
      ),
    },
    '/api/public/v2/prompts/{promptName}': {
      ...get(
        'Langfuse-compatible: one prompt version, by version or label (default "production"; "latest": the newest), its references to other text prompts (@@@langfusePrompt:name=…|label=…@@@) replaced by their text',
        [{ ...param('promptName', 'Prompt name (URL-encoded; may contain /)'), in: 'path', required: true }, param('version', 'Version number', int), param('label', 'Label'), param('resolve', 'false: the stored text, references kept')],
        ref('Prompt'),
        notFound,
      ),
      ...del('Langfuse-compatible: delete a prompt\'s versions: all, or the one numbered version, or the one labelled label', [{ ...param('promptName', 'Prompt name'), in: 'path', required: true }, param('version', 'Version number', int), param('label', 'Label')], notFound),
    },
    '/api/public/v2/prompts/{promptName}/versions/{version}': patch(
      'Langfuse-compatible: set a version\'s labels (taken off the other versions; "latest" is not settable)',
      [{ ...param('promptName', 'Prompt name'), in: 'path', required: true }, { ...param('version', 'Version number', int), in: 'path', required: true }],
      obj({ newLabels: arr(str) }, ['newLabels']),
      ref('Prompt'),
      notFound,
    ),
    '/api/public/health': get('Langfuse-compatible health answer ({status: "OK", version})', [], obj({ status: str, version: str })),
    '/api/public/projects': get('Langfuse-compatible: the caller\'s project (what Langfuse SDKs check their credentials with)', [], obj({ data: arr(obj({ id: str, name: str })) })),
    '/api/public/metrics': get(
      'Langfuse-compatible metrics query (its v1): `query` is JSON {view: traces | observations | scores-numeric | scores-categorical, dimensions, metrics [{measure, aggregation, alias?}], filters, timeDimension, fromTimestamp, toTimestamp, orderBy, config.row_limit}; rows keyed by dimension and `<aggregation>_<measure>`',
      [param('query', 'The JSON query', str, true)],
      obj({ data: arr(obj({})) }),
    ),
    '/api/public/v2/metrics': get(
      'Langfuse-compatible metrics query (its v2): as /api/public/metrics, without the traces view',
      [param('query', 'The JSON query', str, true)],
      obj({ data: arr(obj({})) }),
    ),
    '/api/public/observations': get(
      'Langfuse-compatible (its v1 observations): spans newest first, page-numbered (the first 10,000), every field',
      [
        param('page', 'Page, from 1', int), limit(50, 100), param('traceId', 'Trace id'), param('name', 'Span name'), param('type', 'GENERATION, TOOL, AGENT, …'),
        param('userId', 'User id'), param('level', 'ERROR (an error status) or DEFAULT'), param('parentObservationId', 'Parent span id'), param('fromStartTime', 'ISO 8601'), param('toStartTime', 'ISO 8601'),
      ],
      obj({ data: arr(obj({})), meta: obj({ page: int, limit: int, totalItems: int, totalPages: int }) }),
    ),
    '/api/public/observations/{observationId}': get(
      'Langfuse-compatible (its v1 observation): one span by id (spans are not indexed by id: this scans their ids)',
      [{ ...param('observationId', 'Span id (16 hex)'), in: 'path', required: true }],
      obj({ id: str, traceId: str, type: str, name: str }),
      notFound,
    ),
    '/api/public/v2/observations': get(
      'Langfuse-compatible (its v2 observations): spans across traces newest first, cursor-paged, with Langfuse\'s field groups; input and output as raw strings; the JSON filter, environment and version are refused',
      [
        param('fields', 'Field groups: core, basic, time, io, metadata, model, usage, prompt, metrics, trace_context (default core,basic)'), limit(50, 1000),
        param('cursor', 'meta.cursor of the previous page'), param('traceId', 'Trace id'), param('name', 'Span name'), param('type', 'GENERATION, TOOL, AGENT, …'),
        param('userId', 'User id'), param('sessionId', 'Session id'), param('level', 'ERROR (an error status) or DEFAULT'), param('parentObservationId', 'Parent span id'),
        param('isRootObservation', 'true or false'), param('fromStartTime', 'ISO 8601'), param('toStartTime', 'ISO 8601'),
      ],
      obj({ data: arr(obj({})), meta: obj({ cursor: str }) }),
    ),
    '/api/v1/evaluations': {
      ...get(
        'Evaluation results (gen_ai.evaluation.result events on spans or log records tied to them, and scores on sessions as a whole) summed up by evaluation name, or name and evaluated model (null for a session\'s); service leaves session scores out',
        [
          time('start', '7 days before end'), time('end', 'now'), param('service', 'Service name'), param('name', 'Evaluation name, e.g. relevance'),
          param('groupBy', 'Grouping (default name)', { enum: ['name', 'model'] }),
        ],
        obj({ groupBy: str, rows: arr(ref('EvaluationSummary')) }),
      ),
      ...post(
        'Score a span (a person annotating it, a backend posting its user\'s feedback): stored as a gen_ai.evaluation.result log record tied to the span, shown wherever evaluations are. With sessionId instead of traceId, score a session (a conversation) as a whole: kept with the session (answered with sessionId in place of traceId, spanId and serviceName)',
        obj(
          {
            traceId: { ...str, description: '16 or 32 hex characters (or sessionId)' },
            spanId: { ...str, description: '16 hex characters; default: the trace\'s root span' },
            sessionId: { ...str, description: 'The session (conversation) to score as a whole, instead of a trace (1 to 512 characters)' },
            name: { ...str, description: 'Evaluation name, e.g. human_review or user_feedback (at most 256 characters)' },
            score: num,
            label: { ...str, description: 'e.g. thumbs_up, correct (at most 500 characters); with dataType, the text itself' },
            dataType: { ...str, enum: ['TEXT', 'CORRECTION'], description: 'A score whose label is free text (TEXT, 1–500 characters: a reviewer\'s note) or a corrected output (CORRECTION, up to 4,096), not a category; given with a label and no score' },
            explanation: { ...str, description: 'A comment (at most 4,096 characters)' },
            author: { ...str, description: 'Who gave the score, e.g. a reviewer\'s name (at most 256 characters)' },
            configId: { ...str, description: 'A score config (GET /api/v1/score-configs) the score is checked against: a CATEGORICAL or TEXT one takes a label, the others a score; the config names the score' },
          },
          ['name'],
        ),
        201,
        obj(
          { traceId: str, spanId: str, serviceName: str, id: str, name: str, score: nullable(num), label: nullable(str), explanation: nullable(str), author: nullable(str), timeUnixNano: nanos, configId: str, dataType: { ...str, enum: ['TEXT', 'CORRECTION'] } },
          ['traceId', 'spanId', 'serviceName', 'id', 'name', 'score', 'label', 'explanation', 'author', 'timeUnixNano'],
        ),
        { 404: 'The trace, span or score config is unknown in the caller’s project', 413: 'The body is over 64 KiB' },
      ),
    },
    '/api/v1/evaluations/{evaluationId}': del(
      'Withdraw a score given through POST /api/v1/evaluations (log records are append-only: a record naming it is added, and every read leaves both out); a score on a session with ?sessionId= instead of ?traceId=',
      [path('evaluationId', 'The id POST returned (16 hex characters)'), param('traceId', 'The trace the score is on (required unless sessionId)'), param('sessionId', 'The session a score on a session as a whole is on')],
      { 404: 'No such score (or already withdrawn) on that trace or session in the caller’s project' },
    ),
    '/api/v1/evaluations/trend': get(
      'Average evaluation score per time bucket (by when the result was recorded), one series per evaluation name',
      [
        time('start', '7 days before end'), time('end', 'now'), param('service', 'Service name'), param('name', 'Evaluation name'),
        param('step', 'Bucket: seconds or 1m/5m/1h/1d, a multiple of 60 s (default gives ≤ 120 points)'),
      ],
      obj({ step: int, series: arr(ref('Series')) }),
    ),
    '/api/v1/service-map': get(
      'Who calls whom over a time range: a span is a call from its parent\'s node to its own (root spans from "user"); nodes are services, agents, models (LLM and embedding steps) and tools',
      [time('start', '24 hours before end'), time('end', 'now'), param('service', 'Only traces that touch this service')],
      obj({ nodes: arr(ref('MapNode')), edges: arr(ref('MapEdge')) }),
    ),
    '/api/v1/users/{userId}': del(
      'Erase everything stored of an end user: every trace whose summary names them (spans, log records, scores) and their rows of the per-user usage rollups; idempotent (0 when nothing is left)',
      [path('userId', 'The user.id / enduser.id their traces carry')],
      {},
      obj({ userId: str, erasedTraces: int }),
    ),
    '/api/v1/users': get(
      'End users (user.id / enduser.id on their traces) by latest activity, with their traces, sessions, errors, LLM calls, tokens and cost over the range; follow nextCursor to page',
      [time('start', '7 days before end'), time('end', 'now'), limit(50, 1000), cursor],
      obj({ users: arr(ref('User')), nextCursor: nullable(str) }),
    ),
    '/api/v1/sessions': get(
      'Sessions (conversations) by latest activity, each with its scores on the session as a whole summed up by name',
      [time('start', '7 days before end'), time('end', 'now'), param('userId', 'End user id'), limit(50, 1000), cursor],
      obj({ sessions: arr({ allOf: [ref('Session'), obj({ scores: arr(ref('TraceScore')) })] }), nextCursor: nullable(str) }),
    ),
    '/api/v1/sessions/{sessionId}': {
      ...get(
        'One session: totals, its scores as a whole (POST /api/v1/evaluations with sessionId) and its traces in order with each turn’s input and output messages and scores',
        [path('sessionId', 'Session id'), time('start', '30 days before end'), time('end', 'now')],
        { allOf: [ref('Session'), obj({ scores: arr(ref('SessionScore')), traces: arr({ allOf: [ref('TraceSummary'), obj({ scores: arr(ref('TraceScore')), inputMessages: nullable(arr({})), outputMessages: nullable(arr({})) })] }) })] },
        notFound,
      ),
      ...del(
        'Erase a session (a conversation): every trace whose summary names it, as DELETE /api/v1/traces/{traceId} erases one, and its scores as a whole; idempotent (0 when nothing is left)',
        [path('sessionId', 'Session id')],
        {},
        obj({ sessionId: str, erasedTraces: int }),
      ),
    },
    '/api/v1/costs': get(
      'Cost, tokens, calls and errors from the usage rollups',
      [...USAGE_FILTERS, param('groupBy', 'Grouping (default model); session and tag (a trace counts under each of its tags; the total once) accept only userId/start/end', { enum: [...COST_GROUP_BY] })],
      obj({ groupBy: str, rows: arr(ref('CostRow')), total: ref('UsageTotals') }),
    ),
    '/api/v1/metrics/latency': get(
      'Latency and time-to-first-token quantiles from the usage rollups',
      [...USAGE_FILTERS, param('groupBy', 'Grouping (default model)', { enum: [...LATENCY_GROUP_BY] })],
      obj({ groupBy: str, rows: arr(ref('LatencyRow')) }),
    ),
    '/api/v1/metrics/timeseries': get(
      'A metric over time, one series per group',
      [
        ...USAGE_FILTERS,
        param('metric', 'Metric', { enum: [...SERIES_METRICS] }, true),
        param('step', 'Bucket: seconds or 1m/5m/1h/1d, a multiple of 60 s (default gives ≤ 120 points)'),
        param('groupBy', 'Grouping (default: one series)', { enum: [...SERIES_GROUP_BY] }),
        limit(20, 100),
      ],
      obj({ metric: str, step: int, groupBy: nullable(str), series: arr(ref('Series')) }),
    ),
    '/api/v1/services': get('Service names seen in the range (default 7 days)', [time('start', '7 days before end'), time('end', 'now')], obj({ services: arr(str) })),
    '/api/v1/models': get('Models called in the range (default 7 days)', [time('start', '7 days before end'), time('end', 'now')], obj({ models: arr(str) })),
    '/api/v1/traces/previews': get(
      'A line of input and output per trace (the last user message of its first model call, its final answer), for a trace list on screen',
      [{ name: 'traceId', in: 'query', required: true, description: 'A trace id (repeatable, up to 100)', schema: str }],
      obj({ previews: arr(obj({ traceId: str, input: nullable(str), output: nullable(str) })) }),
    ),
    '/api/v1/environments': get('Deployment environments of spans in the range (default 7 days), the busiest first: langfuse.environment, else deployment.environment.name, else "default"', [time('start', '7 days before end'), time('end', 'now')], obj({ environments: arr(str) })),
    '/api/v1/tags': get('Tags of traces that started in the range (default 7 days), the most used first', [time('start', '7 days before end'), time('end', 'now')], obj({ tags: arr(str) })),
    '/api/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1 JSON' } } } },
  },
  components: { schemas },
} as const;
