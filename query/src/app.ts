import { Hono, type Context, type Next } from 'hono';
import { LANGFUSE_OTEL_PREFIX, type MetricsExposition, type Store } from '@watchllm/collector';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { CatalogReader } from './reader/catalog-reader.js';
import { LogReader } from './reader/log-reader.js';
import { SessionReader } from './reader/session-reader.js';
import { TraceReader, type TraceLocation } from './reader/trace-reader.js';
import { TraceSearchReader } from './reader/trace-search-reader.js';
import { UsageReader } from './reader/usage-reader.js';
import { catalogRoutes } from './routes/catalog.js';
import { ModelStore } from './models/model-store.js';
import { langfuseModelRoutes } from './routes/langfuse-models.js';
import { modelPriceRoutes } from './routes/model-prices.js';
import { sessionRoutes } from './routes/sessions.js';
import { usageRoutes } from './routes/usage.js';
import { errorResponse } from './routes/errors.js';
import { traceRoutes } from './routes/traces.js';
import { staticUi } from './routes/ui.js';
import { tempoRoutes } from './tempo/routes.js';
import { logRoutes } from './routes/logs.js';
import { LogSearchReader } from './reader/log-search-reader.js';
import { jaegerRoutes } from './jaeger/routes.js';
import { EvaluationReader } from './reader/evaluation-reader.js';
import { evaluationRoutes, langfuseRoutes } from './routes/evaluations.js';
import { langfusePublicRoutes } from './routes/langfuse-public-api.js';
import { langfusePromptRoutes } from './routes/langfuse-prompts.js';
import { keepRunScore, langfuseDatasetRoutes } from './routes/langfuse-datasets.js';
import { datasetRoutes } from './routes/datasets.js';
import { DatasetStore } from './datasets/dataset-store.js';
import { RunStore } from './datasets/run-store.js';
import { SessionScoreStore } from './session-scores.js';
import { RunResultReader } from './datasets/run-results.js';
import { DatasetReports } from './datasets/dataset-reports.js';
import { MediaStore } from './media/media-store.js';
import { langfuseMediaRoutes, mediaRoutes, mediaTransferRoutes } from './routes/media.js';
import { promptRoutes } from './routes/prompts.js';
import { LegacyAssembler } from './langfuse/legacy-assembler.js';
import { PromptStore } from './prompts/prompt-store.js';
import { SpanListReader } from './reader/span-list-reader.js';
import { serviceMapRoutes } from './routes/service-map.js';
import { ServiceMapReader } from './reader/service-map-reader.js';
import { userRoutes } from './routes/users.js';
import { UserReader } from './reader/user-reader.js';
import { lokiRoutes } from './loki/routes.js';
import { deleteSession, deleteTrace, deleteUser } from './trace-deleter.js';
import { createEvaluators, type Evaluators } from './evaluators/evaluators.js';
import { evaluatorRoutes } from './routes/evaluators.js';
import { createPlayground, type Playground } from './playground/playground.js';
import { playgroundRoutes } from './routes/playground.js';
import { CommentStore } from './comments/comment-store.js';
import { commentRoutes } from './routes/comments.js';
import { langfuseCommentRoutes } from './routes/langfuse-comments.js';
import { ScoreConfigStore } from './score-configs/score-config-store.js';
import { langfuseScoreConfigRoutes } from './routes/langfuse-score-configs.js';
import { scoreConfigRoutes } from './routes/score-configs.js';
import { AnnotationQueueStore } from './annotation-queues/annotation-queue-store.js';
import { queueRequests } from './annotation-queues/queue-requests.js';
import { annotationQueueRoutes } from './routes/annotation-queues.js';
import { langfuseAnnotationQueueRoutes } from './routes/langfuse-annotation-queues.js';

export type AppEnv = { Variables: { projectId: string } };

export interface QueryAppOptions {
  store: Store;
  /** True once the store is migrated and every receiver listens. */
  isReady(): boolean;
  /** Directory of the built UI; omitted → no UI routes. */
  uiDir?: string;
  /** The collector's own metrics, served at /metrics (a prom-client Registry, or Telemetry's exposition merging worker threads'). */
  registry?: MetricsExposition;
  /** Span-derived metrics under Tempo's names (span metrics, service graph), served at /metrics/spans. */
  spanMetricsRegistry?: MetricsExposition;
  /** False for a collector-only process: health and metrics only. */
  apiEnabled?: boolean;
  /** Resolves once what the collector in this process acknowledged before the call is readable (write-ahead acks under heavy traffic). */
  readBarrier?(): Promise<void>;
  /** The OTLP/HTTP receiver of this process (`watchllm start`): Langfuse's OTel path on this port is passed to it. */
  otlpHttpUrl?: string;
  /** Maps request headers to the caller's project; omitted → everyone reads project "default". */
  authenticate?(headers: Record<string, string | string[] | undefined>): Promise<{ projectId: string }>;
  /** Writes Langfuse ingestion events as spans (the runtime starts and stops it); omitted → one made here. */
  legacyIngestion?: LegacyAssembler;
  /** Online evaluators (the runtime's, whose worker it runs); omitted → made here, with the judges this process's environment allows. */
  evaluators?: Evaluators;
  /** The playground's model calls (the runtime's, from its settings); omitted → made here, with the connections this process's environment names. */
  playground?: Playground;
  /** Called after a project's model prices change (and awaited): the runtime reloads its collector's prices. */
  modelsChanged?(): Promise<void>;
}

export function createQueryApp(options: QueryAppOptions) {
  const app = new Hono<AppEnv>();
  app.onError((err, c) => errorResponse(c, err));
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));

  app.get('/healthz', (c) => (options.isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503)));

  const serve = (path: string, registry: MetricsExposition | undefined) => {
    if (registry) app.get(path, async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  };
  serve('/metrics', options.registry);
  serve('/metrics/spans', options.spanMetricsRegistry);
  if (options.apiEnabled === false) return app;

  // Before the API's middleware: the receiver authenticates, limits and answers these itself.
  if (options.otlpHttpUrl) app.post(`${LANGFUSE_OTEL_PREFIX}/v1/*`, (c) => passToReceiver(c.req.raw, `${options.otlpHttpUrl}${c.req.path}`));
  else app.post(`${LANGFUSE_OTEL_PREFIX}/v1/*`, (c) => c.json({ error: `this query service takes no telemetry: send ${c.req.path} to a collector's OTLP/HTTP port (route ${LANGFUSE_OTEL_PREFIX}/ there)` }, 404));

  // Upload and download URLs carry their own token (an SDK PUTs to one as to a presigned bucket URL): before the API's authentication.
  const media = new MediaStore(options.store);
  app.route('/api/public/media', mediaTransferRoutes(media));

  const authenticate = options.authenticate;
  const scope = async (c: Context<AppEnv>, next: Next) => {
    if (!authenticate) c.set('projectId', 'default');
    else {
      try {
        c.set('projectId', (await authenticate(c.req.header())).projectId);
      } catch (err) {
        return c.json({ error: (err as Error).message }, 401);
      }
    }
    await next();
  };
  // Our API and the Tempo, Jaeger and Loki compatible ones: every read is scoped to the caller's project.
  const readPaths = ['/api/*', '/jaeger/api/*', '/loki/api/*'];
  for (const path of readPaths) app.use(path, scope);
  // Heavy traffic is acknowledged once spooled, before its insert: a read waits for what was acknowledged before it came.
  const readBarrier = options.readBarrier;
  if (readBarrier) {
    const readAfterAck = async (_c: Context<AppEnv>, next: Next) => {
      await readBarrier();
      await next();
    };
    for (const path of readPaths) app.use(path, readAfterAck);
  }
  const store = options.store;
  const evaluations = new EvaluationReader(store);
  const traces = new TraceReader(store);
  const eraseTrace = (projectId: string, traceId: string, where: TraceLocation) => deleteTrace(store, projectId, traceId, where);
  app.route(
    '/api/v1/traces',
    traceRoutes({ traces, logs: new LogReader(store), search: new TraceSearchReader(store), evaluations, erase: eraseTrace }),
  );
  const sessionScores = new SessionScoreStore(store);
  const scoreConfigs = new ScoreConfigStore(store);
  app.route('/api/v1/sessions', sessionRoutes(new SessionReader(store), evaluations, sessionScores, new LogReader(store), (projectId, sessionId) => deleteSession(store, projectId, sessionId)));
  app.route('/api/v1/logs', logRoutes(new LogSearchReader(store)));
  app.route('/api/v1/evaluations', evaluationRoutes(evaluations, traces, new LogReader(store), store, sessionScores, scoreConfigs));
  const datasets = new DatasetStore(store);
  const runs = new RunStore(store);
  app.route('/api/public', langfuseRoutes(traces, store, options.legacyIngestion ?? new LegacyAssembler(store), keepRunScore(runs), sessionScores, scoreConfigs));
  app.route('/api/public', langfusePromptRoutes(new PromptStore(store)));
  app.route('/api/public', langfuseDatasetRoutes(datasets, runs));
  app.route('/api/public', langfuseMediaRoutes(media));
  const comments = new CommentStore(store);
  app.route('/api/public', langfuseCommentRoutes(comments));
  app.route('/api/v1/comments', commentRoutes(comments));
  app.route('/api/public', langfuseScoreConfigRoutes(scoreConfigs));
  app.route('/api/v1/score-configs', scoreConfigRoutes(scoreConfigs));
  const queues = new AnnotationQueueStore(store);
  const queueCalls = queueRequests(queues, scoreConfigs);
  app.route('/api/public', langfuseAnnotationQueueRoutes(queues, queueCalls));
  app.route('/api/v1/annotation-queues', annotationQueueRoutes(queues, queueCalls, new SpanListReader(store)));
  app.route('/api/v1/media', mediaRoutes(media));
  app.route('/api/public', langfusePublicRoutes({ traces, logs: new LogReader(store), search: new TraceSearchReader(store), evaluations, erase: eraseTrace }, new SpanListReader(store), new SessionReader(store), store, scoreConfigs));
  app.route('/api/v1/service-map', serviceMapRoutes(new ServiceMapReader(store)));
  app.route('/api/v1/prompts', promptRoutes(store));
  app.route('/api/v1/evaluators', evaluatorRoutes(options.evaluators ?? createEvaluators(store, { env: process.env }).evaluators));
  app.route('/api/v1/playground', playgroundRoutes(options.playground ?? createPlayground(process.env)));
  app.route('/api/v1/datasets', datasetRoutes(datasets, runs, new DatasetReports(datasets, runs, new RunResultReader(store, new LogReader(store), evaluations))));
  app.route('/api/v1/users', userRoutes(new UserReader(store), (projectId, userId) => deleteUser(store, projectId, userId)));
  app.route('/api/v1', usageRoutes(new UsageReader(store)));
  app.route('/api/v1', catalogRoutes(new CatalogReader(store)));
  const models = new ModelStore(store, options.modelsChanged);
  app.route('/api/public', langfuseModelRoutes(models));
  app.route('/api/v1/model-prices', modelPriceRoutes(models));
  app.get('/api/v1/openapi.json', (c) => c.json(OPENAPI_DOCUMENT));
  app.route('/api', tempoRoutes(options.store));
  app.route('/jaeger/api', jaegerRoutes(options.store));
  app.route('/loki/api/v1', lokiRoutes(options.store));
  if (options.uiDir) app.route('/', staticUi(options.uiDir));
  return app;
}

// Hop-by-hop and length headers are the proxy's own to set.
const NOT_PASSED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** A request passed on to the in-process OTLP receiver, body streamed, and its answer passed back. */
function passToReceiver(req: Request, url: string): Promise<Response> {
  const headers = new Headers();
  req.headers.forEach((value, name) => {
    if (!NOT_PASSED.has(name)) headers.set(name, value);
  });
  return fetch(url, { method: 'POST', headers, body: req.body, duplex: 'half' } as RequestInit & { duplex: 'half' });
}
