import type { LogsBatch } from '../model/logs.js';
import type { TracesBatch } from '../model/types.js';
import { valueToString } from '../storage/values.js';
import { keepLogRecords, keepSpans } from './keep-items.js';

/**
 * The contrib `probabilistic_sampler` in its `hash_seed` mode (its default): an item is kept when the
 * FNV-1a hash of the seed (4 bytes, little-endian) and its trace id, cut to 14 bits, falls under
 * `sampling_percentage` of 16,384 — every span of a trace decides alike, and so does every collector
 * with the same seed. `sampling.priority` on a span overrides: 0 drops it, any other value keeps it.
 * Log records hash their trace id, or `from_attribute` (when `attribute_source: record` or they have
 * no trace id); items with nothing to hash are dropped when `fail_closed`, else kept.
 */
export interface SamplerConfig {
  samplingPercentage: number;
  hashSeed: number;
  failClosed: boolean;
  attributeSource: 'traceID' | 'record';
  fromAttribute: string;
  /** Log attribute whose number is the record's own percentage (the contrib logs-only `sampling_priority`). */
  samplingPriority: string;
}

const BUCKETS = 0x4000;
const PRIORITY = 'sampling.priority';

/** FNV-1a (32 bits) of the seed's four little-endian bytes followed by `bytes`. */
export function seededFnv32a(bytes: Uint8Array, seed: number): number {
  let h = 0x811c9dc5;
  const step = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (let i = 0; i < 4; i++) step((seed >>> (8 * i)) & 0xff);
  for (const b of bytes) step(b);
  return h >>> 0;
}

/** Whether `bytes` falls within `percentage` (0–100) under the seed. */
export function sampled(bytes: Uint8Array, seed: number, percentage: number): boolean {
  return (seededFnv32a(bytes, seed) & (BUCKETS - 1)) < Math.floor((Math.min(100, Math.max(0, percentage)) / 100) * BUCKETS);
}

const EMPTY_TRACE = /^0*$/;
const hexBytes = (hex: string) => Buffer.from(hex, 'hex');

export function createProbabilisticSampler(config: SamplerConfig, onDropped?: (signal: 'traces' | 'logs', items: number) => void) {
  return {
    processTraces(batch: TracesBatch): TracesBatch {
      const dropped = keepSpans(batch, (span) => {
        const priority = span.attributes.values[PRIORITY];
        if (priority !== undefined && priority !== null && Object.hasOwn(span.attributes.values, PRIORITY)) return Number(priority) !== 0;
        if (EMPTY_TRACE.test(span.traceId)) return !config.failClosed;
        return sampled(hexBytes(span.traceId), config.hashSeed, config.samplingPercentage);
      });
      if (dropped) onDropped?.('traces', dropped);
      return batch;
    },
    processLogs(batch: LogsBatch): LogsBatch {
      const dropped = keepLogRecords(batch, (r) => {
        const own = config.samplingPriority && Object.hasOwn(r.attributes.values, config.samplingPriority) ? Number(r.attributes.values[config.samplingPriority]) : NaN;
        const percentage = Number.isFinite(own) ? own : config.samplingPercentage;
        if (percentage <= 0) return false;
        const byTrace = config.attributeSource === 'traceID' && r.traceId !== '' && !EMPTY_TRACE.test(r.traceId);
        if (byTrace) return sampled(hexBytes(r.traceId), config.hashSeed, percentage);
        const attribute = config.fromAttribute && Object.hasOwn(r.attributes.values, config.fromAttribute) ? valueToString(r.attributes.values[config.fromAttribute], r.attributes.types?.[config.fromAttribute]) : '';
        if (attribute === '') return !config.failClosed;
        return sampled(Buffer.from(attribute), config.hashSeed, percentage);
      });
      if (dropped) onDropped?.('logs', dropped);
      return batch;
    },
  };
}
