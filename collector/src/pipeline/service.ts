import { startHealthCheck, type HealthCheck } from '../health-check.js';
import { Admission, isLoopback } from '../admission.js';
import { ApiKeyCache } from '../auth/keys.js';
import type { CollectorConfig, ComponentInstance, PipelineSpec } from '../config/load.js';
import { ConfigError } from '../config/env-subst.js';
import { countSpans, type TracesBatch } from '../model/types.js';
import { countLogRecords, type LogsBatch } from '../model/logs.js';
import { countDataPoints, type MetricsBatch } from '../model/metrics.js';
import type { Store } from '../storage/client.js';
import { createProjectModelPrices, type ProjectModelPrices } from '../prices/project-prices.js';
import type { Telemetry } from '../telemetry.js';
import { settle, toVoid } from './settle.js';
import { runProcessors } from './run-processors.js';
import { TracesWorker } from './traces-worker.js';
import { FACTORIES } from '../components/registry.js';
import type { TracesRequestConsumer } from '../otlp/signals.js';
import type { EncodedRows } from '../storage/row-encoding.js';
import type {
  ComponentSettings,
  Consume,
  ReceiverInputs,
  ExporterFactory,
  Lifecycle,
  Process,
  ProcessorFactory,
  ReceiverFactory,
  Signal,
} from '../components/types.js';
import { SIGNALS } from '../components/types.js';

/** Items in a batch of each signal, for rate limits and counters. */
const ITEM_COUNTERS: Record<Signal, (batch: unknown) => number> = {
  traces: (b) => countSpans(b as TracesBatch),
  logs: (b) => countLogRecords(b as LogsBatch),
  metrics: (b) => countDataPoints(b as MetricsBatch),
};

export interface RunningService {
  /** Human-readable listener descriptions, e.g. "OTLP/HTTP on 127.0.0.1:4318". */
  describe(): string[];
  /** Bound ports by receiver id and protocol (useful when configured with port 0). */
  ports: Record<string, Record<string, number>>;
  /** The health_check extension's port, when the config has one. */
  healthCheckPort?: number;
  queueDepth(): number;
  /** Resolves once what was acknowledged before the call can be read from the store (exporters acknowledge from a spool). */
  readBarrier(): Promise<void>;
  /** Receivers first (stop taking data), then exporters (flush). Idempotent. */
  shutdown(): Promise<void>;
}

export interface ServiceOptions {
  store: Store;
  telemetry: Telemetry;
  dataDir: string;
  /** Hosts of listeners outside the collector (e.g. the query API), for the loopback-without-auth rule. */
  otherListenHosts?: string[];
  /** Shared with the query API when both run in one process; created here otherwise. */
  keys?: ApiKeyCache;
  /** Project model prices, shared with the query API when both run in one process (it refreshes them on a change); created here otherwise. */
  projectPrices?: ProjectModelPrices;
}

/** Whether a traces pipeline writes to the store: project model prices are kept there, so only then do they apply. */
function storesTraces(config: CollectorConfig): boolean {
  return config.pipelines.some((p) => p.signal === 'traces' && p.exporters.some((id) => config.exporters.get(id)?.factory.type === 'clickhouse'));
}

// The stages below are plain functions returning promises, not async functions (see settle.ts):
// with 16 requests in flight ~10 MB of decoded spans survived every scavenge and was promoted.

function chain(processors: Process[], last: Consume): Consume {
  return (batch) =>
    settle(() => {
      const out = runProcessors(processors, batch);
      return out instanceof Promise ? out.then(last) : last(out);
    });
}

function fanOut(consumers: Consume[]): Consume {
  if (consumers.length === 1) return consumers[0];
  return (batch) => {
    const all: Promise<void>[] = [];
    for (const c of consumers) all.push(settle(() => c(batch)));
    return Promise.all(all).then(toVoid);
  };
}

type ItemLabels = { signal: Signal; transport: string };
const TRACES_LABELS: ItemLabels = { signal: 'traces', transport: 'otlp' };

/** Counts a request's items as received and takes its project's rate-limit tokens (a refusal throws). */
function takeItems(telemetry: Telemetry, admission: Pick<Admission, 'takeTokens'>, labels: ItemLabels, projectId: string, n: number): void {
  telemetry.received.inc(labels, n);
  admission.takeTokens(projectId, n);
}

/**
 * What a receiver hands each batch to: counts it as received, takes its project's rate-limit
 * tokens (a refusal rejects), and counts it as accepted once every pipeline has it.
 */
export function receiverEntry(signal: Signal, downstream: Consume, telemetry: Telemetry, admission: Pick<Admission, 'takeTokens'>): Consume {
  const count = ITEM_COUNTERS[signal];
  const labels = { signal, transport: 'otlp' };
  return (batch) => {
    let n: number;
    let written: Promise<void>;
    try {
      n = count(batch);
      takeItems(telemetry, admission, labels, (batch as { projectId: string }).projectId, n);
      written = downstream(batch);
    } catch (err) {
      return Promise.reject(err);
    }
    return written.then(countAccepted(telemetry, labels, n));
  };
}

// Made outside the scopes that hold a batch: a callback waiting on the write would keep that scope alive (settle.ts).
function countAccepted(telemetry: Telemetry, labels: ItemLabels, n: number): () => void {
  return () => void telemetry.accepted.inc(labels, n);
}

/** The traces pipeline whose per-span work can run on the traces worker: the only one, built-in processors, one clickhouse exporter. */
function offloadableTraces(config: CollectorConfig): PipelineSpec | undefined {
  if (!config.extensions.traces_worker.enabled) return undefined;
  const traces = config.pipelines.filter((p) => p.signal === 'traces');
  if (traces.length !== 1 || traces[0].exporters.length !== 1) return undefined;
  const exporter = config.exporters.get(traces[0].exporters[0])!.factory;
  if (exporter.type !== 'clickhouse' || !FACTORIES.includes(exporter)) return undefined;
  return traces[0].processors.every((id) => FACTORIES.includes(config.processors.get(id)!.factory)) ? traces[0] : undefined;
}

/** Starts the worker for the traces pipeline; undefined (the pipeline then runs on the event loop) when it cannot start. */
async function startTracesWorker(
  spec: PipelineSpec,
  config: CollectorConfig,
  options: ServiceOptions,
  projectPrices: ProjectModelPrices | undefined,
  admit: (projectId: string, spans: number) => void,
): Promise<TracesWorker | undefined> {
  const worker = new TracesWorker(
    {
      processors: spec.processors.map((id) => {
        const { factory, config: processorConfig } = config.processors.get(id)!;
        return { id, type: factory.type, config: processorConfig };
      }),
      dataDir: options.dataDir,
      projectPrices: projectPrices !== undefined,
      admitBeforeProcessing: config.extensions.admission.rate_limit_spans_per_second > 0,
    },
    { admit, reuseBlocks: options.store.config.kind === 'embedded', log: (m) => console.warn(`collector: ${m}`) },
  );
  try {
    await worker.start();
  } catch (err) {
    console.warn(`collector: the traces pipeline runs on the event loop: ${(err as Error).message}`);
    await worker.stop();
    return undefined;
  }
  projectPrices?.watch((models) => worker.setModels(models));
  return worker;
}

/** Whole trace requests through the worker: tokens taken once it has counted them, its insert bodies written by the exporter. */
function workerTracesEntry(worker: TracesWorker, write: (encoded: EncodedRows) => Promise<void>, telemetry: Telemetry): TracesRequestConsumer {
  const deliver = (encoded: EncodedRows[], n: number) => () => {
    const writes: Promise<void>[] = [];
    for (const e of encoded) writes.push(write(e));
    return Promise.all(writes).then(countAccepted(telemetry, TRACES_LABELS, n));
  };
  return {
    bodies: worker.bodies,
    consume: (body, encoding, projectId) =>
      worker.export(body, encoding, projectId).then(({ counts, encoded }) => ({ counts, deliver: deliver(encoded, counts.accepted) })),
  };
}

function listenHosts(config: CollectorConfig): string[] {
  const hosts: string[] = [];
  for (const r of config.receivers.values()) {
    const protocols = (r.config as { protocols?: Record<string, { endpoint?: string } | null> }).protocols ?? {};
    for (const p of Object.values(protocols)) if (p?.endpoint) hosts.push(p.endpoint.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1') || '0.0.0.0');
  }
  if (config.extensions.health_check) hosts.push(config.extensions.health_check.host);
  return hosts;
}

/** Auth may be off only while every listener binds to loopback. */
export function assertSafeToListen(config: CollectorConfig, otherHosts: string[] = []): void {
  if (!config.extensions.auth.enabled) {
    const exposed = [...listenHosts(config), ...otherHosts].filter((h) => !isLoopback(h));
    if (exposed.length) {
      throw new ConfigError(
        `refusing to listen on ${[...new Set(exposed)].join(', ')} without authentication: enable extensions.auth (WATCHLLM_AUTH=true) and create a key with "watchllm keys create --project NAME", or bind to 127.0.0.1`,
      );
    }
  }
}

/** Builds and starts every pipeline: exporters first, receivers last. */
export async function startService(config: CollectorConfig, options: ServiceOptions): Promise<RunningService> {
  const { extensions } = config;
  assertSafeToListen(config, options.otherListenHosts);
  const ownKeys = extensions.auth.enabled && !options.keys ? new ApiKeyCache(options.store) : undefined;
  await ownKeys?.start();
  const keys = extensions.auth.enabled ? (options.keys ?? ownKeys) : undefined;
  const ownPrices = storesTraces(config) && !options.projectPrices ? createProjectModelPrices(options.store) : undefined;
  await ownPrices?.start();
  const projectPrices = storesTraces(config) ? (options.projectPrices ?? ownPrices) : undefined;
  let tracesWorker: TracesWorker | undefined;
  const stopOwn = async () => {
    ownKeys?.stop();
    ownPrices?.stop();
    await tracesWorker?.stop();
  };

  const exporters = new Map<string, ReturnType<ExporterFactory['create']>>();
  let admission: Admission | undefined;
  const settings: ComponentSettings = {
    store: options.store,
    telemetry: options.telemetry,
    dataDir: options.dataDir,
    authenticate: keys ? (h) => keys.authenticate(h) : () => ({ projectId: 'default' }),
    admit: () => admission!.admit(),
    trafficStopped: () => admission!.traffic.stopped(),
    projectPrices,
  };
  const queueDepth = () => [...exporters.values()].reduce((n, e) => n + e.queueDepth(), 0);
  const spoolFull = () =>
    [...exporters.values()].some((e) => {
      const spool = (e as { spool?: { wouldOverflow(n: number): boolean } }).spool;
      return spool?.wouldOverflow(1) ?? false;
    });
  admission = new Admission(
    {
      memoryLimitBytes: extensions.admission.memory_limit,
      maxConcurrentRequests: extensions.admission.max_concurrent_requests,
      maxQueueItems: extensions.admission.max_queue_items,
      rateLimitPerSecond: extensions.admission.rate_limit_spans_per_second,
      rateLimitBurst: extensions.admission.rate_limit_burst,
    },
    queueDepth,
    spoolFull,
  );
  const a = admission;

  const exporterOf = (inst: ComponentInstance) => {
    let e = exporters.get(inst.id);
    if (!e) exporters.set(inst.id, (e = (inst.factory as ExporterFactory).create(settings, inst.config, inst.id)));
    return e;
  };
  const processorCache = new Map<string, Partial<Record<Signal, Process>>>();
  const processorOf = (inst: ComponentInstance) => {
    let p = processorCache.get(inst.id);
    if (!p) processorCache.set(inst.id, (p = (inst.factory as ProcessorFactory).create(settings, inst.config)));
    return p;
  };

  // Per-span work on the second core when the traces pipeline allows it (see traces-worker.ts).
  const offloaded = offloadableTraces(config);
  if (offloaded) {
    tracesWorker = await startTracesWorker(offloaded, config, options, projectPrices, (projectId, n) =>
      takeItems(options.telemetry, a, TRACES_LABELS, projectId, n),
    );
  }
  const stopRemoteMetrics = tracesWorker ? options.telemetry.addRemote((which) => tracesWorker!.metrics(which)) : () => {};

  // Each receiver gets, per signal, the entry of every pipeline that lists it (the worker's traces pipeline: whole requests).
  const receiverInputs = new Map<string, Partial<Record<Signal, Consume[]>> & { tracesRequests?: TracesRequestConsumer }>();
  const inputsOf = (rid: string) => receiverInputs.get(rid) ?? receiverInputs.set(rid, {}).get(rid)!;
  for (const spec of config.pipelines) {
    if (tracesWorker && spec === offloaded) {
      const exporter = exporterOf(config.exporters.get(spec.exporters[0])!);
      const requests = workerTracesEntry(tracesWorker, (e) => exporter.writeEncoded!(e), options.telemetry);
      for (const rid of spec.receivers) inputsOf(rid).tracesRequests = requests;
      continue;
    }
    const entry = pipelineEntry(spec);
    for (const rid of spec.receivers) (inputsOf(rid)[spec.signal] ??= []).push(entry);
  }
  function pipelineEntry(spec: PipelineSpec): Consume {
    const exporterConsumers = spec.exporters.map((id) => exporterOf(config.exporters.get(id)!).consumers[spec.signal]!);
    const processors = spec.processors.map((id) => processorOf(config.processors.get(id)!)[spec.signal]!);
    return chain(processors, fanOut(exporterConsumers));
  }

  const receivers: { id: string; running: Lifecycle & { describe(): string[]; ports?: Record<string, number> } }[] = [];
  for (const [rid, inputs] of receiverInputs) {
    const inst = config.receivers.get(rid)!;
    const next: ReceiverInputs = { tracesRequests: inputs.tracesRequests };
    for (const signal of SIGNALS) {
      const entries = inputs[signal];
      if (entries) next[signal] = receiverEntry(signal, fanOut(entries), options.telemetry, a);
    }
    receivers.push({ id: rid, running: (inst.factory as ReceiverFactory).create(settings, inst.config, next) });
  }

  try {
    for (const e of exporters.values()) await e.start();
  } catch (err) {
    await stopOwn();
    throw err;
  }
  const started: typeof receivers = [];
  try {
    for (const r of receivers) {
      await r.running.start();
      started.push(r);
    }
  } catch (err) {
    await Promise.all(started.map((r) => r.running.shutdown()));
    await Promise.all([...exporters.values()].map((e) => e.shutdown()));
    await stopOwn();
    throw err;
  }
  options.telemetry.watchQueue(queueDepth);
  const hc = config.extensions.health_check;
  let health: HealthCheck | undefined;
  try {
    health = hc && (await startHealthCheck(hc));
  } catch (err) {
    await Promise.all(receivers.map((r) => r.running.shutdown()));
    await Promise.all([...exporters.values()].map((e) => e.shutdown()));
    await stopOwn();
    throw new Error(`extensions.health_check: cannot listen on ${hc!.host}:${hc!.port}: ${(err as Error).message}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    describe: () => [
      ...receivers.flatMap((r) => r.running.describe()),
      ...(tracesWorker ? [`traces pipeline ${offloaded!.id} (decoding, processors, encoding) on a worker thread`] : []),
      ...(health && hc ? [`health check on ${hc.host}:${health.port}${hc.path}`] : []),
    ],
    ports: Object.fromEntries(receivers.map((r) => [r.id, r.running.ports ?? {}])),
    healthCheckPort: health?.port,
    queueDepth,
    readBarrier: () => Promise.all([...exporters.values()].map((e) => e.readBarrier?.())).then(toVoid),
    shutdown: () =>
      (stopping ??= (async () => {
        // Unhealthy first, so a load balancer stops sending before the receivers close.
        health?.markUnavailable();
        await Promise.all(receivers.map((r) => r.running.shutdown()));
        // Receivers wait for their requests, the worker's included: nothing is left in it.
        stopRemoteMetrics();
        await tracesWorker?.stop();
        await Promise.all([...exporters.values()].map((e) => e.shutdown()));
        await stopOwn();
        await health?.close();
      })()),
  };
}
