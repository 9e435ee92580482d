import type { Store } from '../storage/client.js';
import type { Telemetry } from '../telemetry.js';
import type { Problems } from '../config/validate.js';
import type { ExportContext, TracesRequestConsumer } from '../otlp/signals.js';
import type { EncodedRows } from '../storage/row-encoding.js';
import type { ProjectPriceSource } from '../prices/project-prices.js';

export type Signal = 'traces' | 'logs' | 'metrics';
export const SIGNALS: readonly Signal[] = ['traces', 'logs', 'metrics'];

/** A stage that accepts one signal's batches; resolves once they are durably accepted downstream. */
export type Consume = (batch: unknown) => Promise<void>;
export type Consumers = Partial<Record<Signal, Consume>>;

/** What a receiver hands requests to: a consumer per signal, or for traces whole requests (decoded on the traces worker). */
export type ReceiverInputs = Consumers & { tracesRequests?: TracesRequestConsumer };

/** What every component gets from the process: store, metrics, and the cross-cutting gates. */
export interface ComponentSettings {
  store: Store;
  telemetry: Telemetry;
  dataDir: string;
  /** Resolves the caller's project from request headers / gRPC metadata, or throws a RefusedError. */
  authenticate(headers: Record<string, string | string[] | undefined>): ExportContext | Promise<ExportContext>;
  /** Sheds load before decoding: throws a retryable RefusedError when over limits; call the result when the request is done. */
  admit(signal: Signal): () => void;
  /** No admitted request in progress for longer than the gaps between recent ones: nothing more is on its way. */
  trafficStopped(): boolean;
  /** Each project's own model prices, kept in the store the spans go to; absent (no such store): config prices only. */
  projectPrices?: ProjectPriceSource;
}

export interface Lifecycle {
  /** Returns quickly once the component serves. */
  start(): Promise<void>;
  /** Idempotent; flushes what was accepted. */
  shutdown(): Promise<void>;
}

export interface Factory<C> {
  readonly type: string;
  createDefaultConfig(): C;
  /** Problems in a merged config, each starting with its key path under `path`. */
  validate(config: C, path: string, problems: Problems): void;
  /** Problems with using this config in a pipeline of `signal` (e.g. no URL for that signal); `path` is the component's. */
  validateForSignal?(config: C, signal: Signal, path: string, problems: Problems): void;
}

export interface ReceiverFactory<C = any> extends Factory<C> {
  readonly kind: 'receiver';
  readonly signals: readonly Signal[];
  create(settings: ComponentSettings, config: C, next: ReceiverInputs): Lifecycle & { describe(): string[] };
}

/** A pure function of a batch (plus config); the pipeline adds counting around it. */
export type Process = (batch: unknown) => unknown | Promise<unknown>;

export interface ProcessorFactory<C = any> extends Factory<C> {
  readonly kind: 'processor';
  readonly signals: readonly Signal[];
  create(settings: ComponentSettings, config: C): Partial<Record<Signal, Process>>;
}

export interface ExporterFactory<C = any> extends Factory<C> {
  readonly kind: 'exporter';
  readonly signals: readonly Signal[];
  /** `id` is the exporter's key in the config (`otlphttp/tempo`), for its logs and metric labels. */
  create(
    settings: ComponentSettings,
    config: C,
    id: string,
  ): Lifecycle & {
    consumers: Consumers;
    queueDepth(): number;
    readBarrier?(): Promise<void>;
    /** Writes insert bodies encoded elsewhere (the traces worker), as its consumers write their own (the clickhouse exporter). */
    writeEncoded?(encoded: EncodedRows): Promise<void>;
  };
}

export type AnyFactory = ReceiverFactory | ProcessorFactory | ExporterFactory;
