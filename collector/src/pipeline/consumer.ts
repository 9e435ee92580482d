import type { TracesBatch } from '../model/types.js';

/** The one interface joining pipeline stages (cf. the OTel Collector's consumer.Traces). */
export interface TracesConsumer {
  /** Resolves once the batch is durably accepted downstream; rejects with a classified error. */
  consumeTraces(batch: TracesBatch): Promise<void>;
}

/** Lifecycle every component follows: start returns fast; shutdown is idempotent and flushes. */
export interface Component {
  start?(): Promise<void>;
  shutdown?(): Promise<void>;
}
