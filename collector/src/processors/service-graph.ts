import type { Span, TracesBatch } from '../model/types.js';
import { BoundedLabel } from '../telemetry.js';
import { durationSeconds, EdgeTally, serviceOf, STATUS_ERROR, type TraceMetrics } from './trace-metrics.js';

export interface ServiceGraphConfig {
  /** How long a client span waits for its server span (and the other way round) before it counts as unpaired. */
  waitMs: number;
  /** Spans waiting for their other side at most; past it new ones are dropped (and counted). */
  maxItems: number;
  maxServices: number;
}

// A client span whose other side is no instrumented service: the first of these attributes names the
// peer, drawn as a virtual node. LLM APIs never send spans, so GenAI calls are drawn at once; the
// others wait for a server span first (Tempo's peer attributes).
const LLM_PEER_ATTRIBUTES = ['gen_ai.provider.name', 'gen_ai.system'];
const PEER_ATTRIBUTES = ['peer.service', 'db.name', 'db.system'];
const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;
// Who calls a root server span: an uninstrumented user (Tempo's "user" node).
const USER = 'user';
const MAX_PAIRS = 10_000;
const OTHER = 'other';

interface Side {
  service: string;
  seconds: number;
  failed: boolean;
}

interface Waiting {
  client?: Side & { peer?: { name: string; type: string } };
  server?: Side;
  messaging: boolean;
  expiresAt: number;
}

/**
 * Tempo's service graph: a client (or producer) span and the server (or consumer) span whose parent
 * it is are one request from the client's service to the server's. The two usually arrive in
 * different requests, so each waits for the other for `waitMs`; a client span calling an
 * uninstrumented peer (an LLM provider, a database) becomes an edge to a virtual node, and a root
 * server span an edge from "user". With several collectors, a pair split between two of them is
 * not joined (counted as unpaired), as with Tempo's generators.
 */
export function createServiceGraphProcessor(config: ServiceGraphConfig, metrics: TraceMetrics, now: () => number = Date.now) {
  const waiting = new Map<string, Waiting>();
  const services = new BoundedLabel(config.maxServices);
  const peers = new BoundedLabel(config.maxServices);

  // Services and peers are each bounded, but not their pairs: past MAX_PAIRS, a new pair's server counts as "other".
  const pairs = new BoundedLabel(MAX_PAIRS);
  const tally = new EdgeTally(metrics, (client, server) => (pairs.of(`${client}\u0000${server}`) === OTHER ? OTHER : server));
  const edge = (client: string, server: string, connectionType: string, sides: { client?: Side; server?: Side }) =>
    tally.add(client, server, connectionType, sides.client?.seconds, sides.server?.seconds, !!(sides.client?.failed || sides.server?.failed));

  const paired = (w: Waiting & { client: Side; server: Side }) => edge(w.client.service, w.server.service, w.messaging ? 'messaging_system' : '', w);

  /** Holds a side under `key` until the other comes (then the pair is an edge); past maxItems the span is dropped from the graph. */
  const wait = (key: string, fill: (w: Waiting) => void, messaging: boolean, side: 'client' | 'server', service: string): void => {
    let w = waiting.get(key);
    if (!w) {
      if (waiting.size >= config.maxItems) {
        metrics.dropped.inc(side === 'client' ? { client: service, server: '' } : { client: '', server: service });
        return;
      }
      waiting.set(key, (w = { messaging, expiresAt: now() + config.waitMs }));
    }
    fill(w);
    if (w.client && w.server) {
      waiting.delete(key);
      paired(w as Waiting & { client: Side; server: Side });
    }
  };

  /** Edges whose other side never came: to the client's peer if it named one, otherwise counted as unpaired. */
  const expire = () => {
    const t = now();
    for (const [key, w] of waiting) {
      if (w.expiresAt > t) break; // insertion order is expiry order
      waiting.delete(key);
      if (w.client?.peer) edge(w.client.service, w.client.peer.name, w.client.peer.type, { client: w.client });
      else metrics.unpaired.inc({ client: w.client?.service ?? '', server: w.server?.service ?? '' });
    }
    tally.flush();
  };
  // Pairs whose other side never comes must expire even when no more spans arrive.
  setInterval(expire, Math.max(100, Math.min(1000, config.waitMs))).unref();

  return {
    processTraces(batch: TracesBatch): TracesBatch {
      expire();
      for (const rs of batch.resourceSpans) {
        const service = services.of(serviceOf(rs));
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            const messaging = span.kind === SPAN_KIND.producer || span.kind === SPAN_KIND.consumer;
            if (span.kind === SPAN_KIND.client || span.kind === SPAN_KIND.producer) {
              const llm = firstString(span, LLM_PEER_ATTRIBUTES);
              // The commonest edge in GenAI traffic, tallied without the side objects pairing needs.
              if (llm !== undefined) tally.add(service, peers.of(llm), 'virtual_node', durationSeconds(span), undefined, span.statusCode === STATUS_ERROR);
              else {
                const side = sideOf(span, service);
                const peerName = firstString(span, PEER_ATTRIBUTES);
                const peer = peerName === undefined ? undefined : { name: peers.of(peerName), type: 'db.system' in span.attributes.values || 'db.name' in span.attributes.values ? 'database' : 'virtual_node' };
                wait(`${span.traceId}${span.spanId}`, (w) => (w.client = { ...side, peer }), messaging, 'client', service);
              }
            } else if (span.kind === SPAN_KIND.server || span.kind === SPAN_KIND.consumer) {
              const side = sideOf(span, service);
              if (span.parentSpanId === '') edge(USER, service, 'virtual_node', { server: side });
              else wait(`${span.traceId}${span.parentSpanId}`, (w) => (w.server = side), messaging, 'server', service);
            }
          }
        }
      }
      tally.flush();
      return batch;
    },
    /** Spans waiting for their other side (for tests and diagnostics). */
    waiting: () => waiting.size,
    expire,
  };
}

function sideOf(span: Span, service: string): Side {
  return { service, seconds: durationSeconds(span), failed: span.statusCode === STATUS_ERROR };
}

function firstString(span: Span, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = span.attributes.values[k];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}
