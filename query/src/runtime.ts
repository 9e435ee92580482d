import { serve, type ServerType } from '@hono/node-server';
import {
  ApiKeyCache,
  assertSafeToListen,
  createProjectModelPrices,
  loadCollectorConfig,
  migrate,
  openStore,
  startCollector,
  Telemetry,
  type RunningCollector,
  type Settings,
  type Store,
} from '@watchllm/collector';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createQueryApp } from './app.js';
import { LegacyAssembler } from './langfuse/legacy-assembler.js';
import { createEvaluators } from './evaluators/evaluators.js';
import { createPlayground } from './playground/playground.js';

export type Role = 'all' | 'collector' | 'query';

export interface RunningWatchLLM {
  store: Store;
  collector?: RunningCollector;
  queryPort?: number;
  /** Stops listeners, flushes accepted data, closes the store. Idempotent. */
  shutdown(): Promise<void>;
}

const DEFAULT_UI_DIR = fileURLToPath(new URL('../../ui/dist/', import.meta.url));

function listen(fetch: (req: Request) => Response | Promise<Response>, host: string, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, (info) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

/** Starts the roles of one process on a migrated store; healthz turns ok once everything listens. */
export async function startWatchLLM(settings: Settings, role: Role = 'all', uiDir = DEFAULT_UI_DIR): Promise<RunningWatchLLM> {
  // Config errors surface before anything opens.
  const config = loadCollectorConfig(settings);
  assertSafeToListen(config, [settings.host]);
  const store = openStore(settings.store);
  const keys = config.extensions.auth.enabled ? new ApiKeyCache(store) : undefined;
  // Each project's model prices, for the collector's spans and the Langfuse events written as spans; the query API
  // reloads them after a change, so spans that follow are priced by it without waiting for the refresh.
  const modelPrices = createProjectModelPrices(store, { log: (m) => console.error(m) });
  let ready = false;
  let collector: RunningCollector | undefined;
  let query: { server: ServerType; port: number } | undefined;
  const telemetry = new Telemetry();
  // Langfuse ingestion events become spans once their trace is quiet (default 15 s; tests shorten it).
  const legacy = role !== 'collector' ? new LegacyAssembler(store, { quietMs: settings.langfuseQuietMs, log: (m) => console.error(m), projectPrices: modelPrices }) : undefined;
  // Online evaluators score new spans in the background; judges' API keys are read from this environment by name.
  const online = role !== 'collector' ? createEvaluators(store, { env: settings.env, intervalMs: settings.evaluatorIntervalMs, log: (m) => console.error(m) }) : undefined;
  try {
    await migrate(store);
    await keys?.start();
    await modelPrices.start();
    if (role !== 'query') {
      collector = await startCollector(store, settings, { telemetry, otherListenHosts: [settings.host], config, keys, projectPrices: modelPrices });
    }
    // The collector alone still serves /healthz, /metrics and /metrics/spans, on the same port setting.
    const app = createQueryApp({
      store,
      isReady: () => ready,
      registry: telemetry.exposition('own'),
      spanMetricsRegistry: telemetry.exposition('spans'),
      authenticate: keys ? (headers) => keys.authenticate(headers) : undefined,
      readBarrier: collector && role !== 'collector' ? () => collector!.readBarrier() : undefined,
      apiEnabled: role !== 'collector',
      // One Langfuse base URL for traces and scores: this port passes Langfuse's OTel path to the receiver in-process.
      otlpHttpUrl: role === 'all' && collector?.httpPort ? `http://${loopbackOf(settings.host)}:${collector.httpPort}` : undefined,
      uiDir: role !== 'collector' && existsSync(uiDir) ? uiDir : undefined,
      legacyIngestion: legacy,
      evaluators: online?.evaluators,
      playground: role !== 'collector' ? createPlayground(settings.env) : undefined,
      modelsChanged: () => modelPrices.refresh(),
    });
    query = await listen(app.fetch, settings.host, settings.queryPort);
  } catch (err) {
    await collector?.shutdown().catch(() => {});
    keys?.stop();
    modelPrices.stop();
    await store.close().catch(() => {});
    throw err;
  }
  ready = true;
  // Events a previous run kept but did not write yet.
  legacy?.kick(0);
  online?.worker.start();
  let stopping: Promise<void> | undefined;
  return {
    store,
    collector,
    queryPort: query?.port,
    shutdown: () =>
      (stopping ??= (async () => {
        ready = false;
        if (query) await new Promise<void>((r) => query!.server.close(() => r()));
        await collector?.shutdown();
        await legacy?.stop();
        await online?.worker.stop();
        keys?.stop();
        modelPrices.stop();
        await store.close();
      })()),
  };
}

/** An address this process can reach its own listener bound to `host` at. */
function loopbackOf(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
