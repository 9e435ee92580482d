import type { ResourceInfo, ScopeInfo } from '../model/resource.js';
import { readKeyValues } from './any-value.js';
import { decimalAtMost, type LeafReader } from './leaf-readers.js';

/**
 * The resource → scope levels every OTLP signal shares, walked once here; each
 * signal's walker (logs.ts, metrics.ts) only reads its own items.
 */
export interface EnvelopeKeys {
  /** e.g. 'resourceLogs' */
  resources: string;
  /** e.g. 'scopeLogs' */
  scopes: string;
}

export interface ResourceGroup<S> {
  resource: ResourceInfo;
  scopes: S[];
}

/** Reads each resource and scope and hands every scope object to `readScope` for its items. */
export function walkEnvelope<S>(
  msg: unknown,
  r: LeafReader,
  keys: EnvelopeKeys,
  readScope: (scope: ScopeInfo, raw: Record<string, unknown>, path: string) => S,
): ResourceGroup<S>[] {
  const root = r.obj(msg, 'body') ?? {};
  const resources = r.list(root[keys.resources], keys.resources);
  const out: ResourceGroup<S>[] = [];
  for (let i = 0; i < resources.length; i++) {
    const path = `${keys.resources}[${i}]`;
    const raw = r.obj(resources[i], path) ?? {};
    const resource = r.obj(raw.resource, `${path}.resource`);
    const group: ResourceGroup<S> = {
      resource: {
        attributes: readKeyValues(resource?.attributes, r, `${path}.resource.attributes`),
        schemaUrl: r.str(raw.schemaUrl, `${path}.schemaUrl`),
      },
      scopes: [],
    };
    const scopes = r.list(raw[keys.scopes], `${path}.${keys.scopes}`);
    for (let j = 0; j < scopes.length; j++) {
      const scopePath = `${path}.${keys.scopes}[${j}]`;
      const rawScope = r.obj(scopes[j], scopePath) ?? {};
      group.scopes.push(readScope(readScopeInfo(rawScope, r, scopePath), rawScope, scopePath));
    }
    out.push(group);
  }
  return out;
}

function readScopeInfo(raw: Record<string, unknown>, r: LeafReader, path: string): ScopeInfo {
  const scope = r.obj(raw.scope, `${path}.scope`);
  return {
    name: r.str(scope?.name, `${path}.scope.name`),
    version: r.str(scope?.version, `${path}.scope.version`),
    attributes: readKeyValues(scope?.attributes, r, `${path}.scope.attributes`),
    droppedAttributesCount: r.num(scope?.droppedAttributesCount, `${path}.scope.droppedAttributesCount`),
    schemaUrl: r.str(raw.schemaUrl, `${path}.schemaUrl`),
  };
}

const MAX_REASONS = 5;

/** Counts items dropped while decoding and keeps the first few reasons for the partial-success message. */
export class Rejections {
  count = 0;
  readonly reasons: string[] = [];

  add(path: string, problem: string, items = 1): void {
    this.count += items;
    if (this.reasons.length < MAX_REASONS) this.reasons.push(`${path}: ${problem}`);
  }
}

const TRACE_ID_HEX = 32;
const SPAN_ID_HEX = 16;

/** For records that may be tied to a span: ids are either absent or of the right length. */
export function optionalIdsProblem(traceId: string, spanId: string): string | undefined {
  if (traceId !== '' && traceId.length !== TRACE_ID_HEX) return `traceId must be empty or 16 bytes (got "${traceId}")`;
  if (spanId !== '' && spanId.length !== SPAN_ID_HEX) return `spanId must be empty or 8 bytes (got "${spanId}")`;
  return undefined;
}

/** The latest time ClickHouse's DateTime64(9) holds (2262-04-11T23:47:16.854775807Z), in ns since the epoch. */
const LATEST_STORABLE_NANOS = '9223372036854775807';

/**
 * A timestamp the store cannot hold: unsigned 64-bit nanoseconds past 2262-04-11 (the engine
 * refuses such a row, or wraps it into the past). `nanos` is the decoders' decimal string
 * without leading zeros.
 */
export function timestampProblem(field: string, nanos: string): string | undefined {
  return !decimalAtMost(nanos, LATEST_STORABLE_NANOS) ? `${field} ${nanos} is past 2262-04-11T23:47:16.854775807Z, the latest time the store holds` : undefined;
}

/** The first of `children`'s timestamps (a span's events, a point's exemplars) the store cannot hold, named `<key>[i].timeUnixNano`. */
export function childTimesProblem(children: readonly { timeUnixNano: string }[], key: string): string | undefined {
  for (let i = 0; i < children.length; i++) {
    const problem = timestampProblem(`${key}[${i}].timeUnixNano`, children[i].timeUnixNano);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Clamps a wire enum/int into [0, max]; out-of-range values become 0 (unspecified). */
export function boundedInt(n: number, max: number): number {
  return Number.isInteger(n) && n >= 0 && n <= max ? n : 0;
}
