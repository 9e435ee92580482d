import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import type { Span, TracesBatch } from '../model/types.js';
import { createServiceGraphProcessor } from './service-graph.js';
import { createSpanMetricsProcessor } from './span-metrics.js';
import { traceMetrics } from './trace-metrics.js';

const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

function span(o: { trace?: string; id: string; parent?: string; name?: string; kind: keyof typeof KIND; ms: number; error?: boolean; attrs?: Record<string, string> }): Span {
  const start = 1_700_000_000_000_000_000n;
  return {
    traceId: o.trace ?? 'a'.repeat(32),
    spanId: o.id.padStart(16, '0'),
    parentSpanId: o.parent ? o.parent.padStart(16, '0') : '',
    traceState: '',
    name: o.name ?? o.id,
    kind: KIND[o.kind],
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + BigInt(o.ms) * 1_000_000n).toString(),
    attributes: { values: o.attrs ?? {}, types: undefined },
    events: [],
    links: [],
    statusCode: o.error ? 2 : 0,
    statusMessage: '',
  };
}

function batch(service: string, ...spans: Span[]): TracesBatch {
  return {
    projectId: 'p',
    resourceSpans: [{ resource: { values: { 'service.name': service }, types: undefined }, scopeSpans: [{ scope: { name: 's', version: '', attributes: { values: {}, types: undefined } }, spans }] }],
    rejectedSpans: 0,
    rejectionReasons: [],
  };
}

/** Sample values of one metric as `labels → value`, labels written `k=v,…` in name order. */
async function samples(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name.replace(/_(bucket|sum|count)$/, ''));
  const out: Record<string, number> = {};
  for (const v of (metric?.values ?? []) as { metricName?: string; labels: Record<string, string | number>; value: number }[]) {
    if ((v.metricName ?? metric!.name) !== name) continue;
    out[Object.entries(v.labels).sort().map(([k, x]) => `${k}=${x}`).join(',')] = v.value;
  }
  return out;
}

describe('span metrics processor', () => {
  it("counts spans and observes durations by service, name, kind and status, under Tempo's names", async () => {
    const registry = new Registry();
    const p = createSpanMetricsProcessor({ maxSpanNames: 2, maxServices: 10 }, traceMetrics(registry));
    p.processTraces(batch('api', span({ id: '1', name: 'GET /', kind: 'server', ms: 300 }), span({ id: '2', name: 'GET /', kind: 'server', ms: 100, error: true })));
    p.processTraces(batch('api', span({ id: '3', name: 'GET /', kind: 'server', ms: 50 }), span({ id: '4', name: 'chat', kind: 'client', ms: 2500 }), span({ id: '5', name: 'third name', kind: 'internal', ms: 1 })));
    expect(await samples(registry, 'traces_spanmetrics_calls_total')).toEqual({
      'service=api,span_kind=SPAN_KIND_SERVER,span_name=GET /,status_code=STATUS_CODE_UNSET': 2,
      'service=api,span_kind=SPAN_KIND_SERVER,span_name=GET /,status_code=STATUS_CODE_ERROR': 1,
      'service=api,span_kind=SPAN_KIND_CLIENT,span_name=chat,status_code=STATUS_CODE_UNSET': 1,
      // Past max_span_names, names count as "other".
      'service=api,span_kind=SPAN_KIND_INTERNAL,span_name=other,status_code=STATUS_CODE_UNSET': 1,
    });
    const sums = await samples(registry, 'traces_spanmetrics_latency_sum');
    expect(sums['service=api,span_kind=SPAN_KIND_SERVER,span_name=GET /,status_code=STATUS_CODE_UNSET']).toBeCloseTo(0.35);
    const buckets = await samples(registry, 'traces_spanmetrics_latency_bucket');
    expect(buckets['le=4.096,service=api,span_kind=SPAN_KIND_CLIENT,span_name=chat,status_code=STATUS_CODE_UNSET']).toBe(1);
    expect(buckets['le=2.048,service=api,span_kind=SPAN_KIND_CLIENT,span_name=chat,status_code=STATUS_CODE_UNSET']).toBe(0);
    // Names and services are bounded apart, their pairs too: past 10,000 pairs, new names count as "other".
    const wide = new Registry();
    const m = traceMetrics(wide);
    const p2 = createSpanMetricsProcessor({ maxSpanNames: 50_000, maxServices: 50_000 }, m);
    p2.processTraces(batch('wide', ...Array.from({ length: 10_005 }, (_, i) => span({ id: String(i + 1), name: `n${i}`, kind: 'internal', ms: 1 }))));
    const calls = await samples(wide, 'traces_spanmetrics_calls_total');
    expect(Object.keys(calls)).toHaveLength(10_001);
    expect(calls['service=wide,span_kind=SPAN_KIND_INTERNAL,span_name=other,status_code=STATUS_CODE_UNSET']).toBe(5);
    // A second processor on the same registry shares the metrics instead of failing to register them.
    expect(() => createSpanMetricsProcessor({ maxSpanNames: 2, maxServices: 10 }, traceMetrics(registry))).not.toThrow();
  });
});

describe('service graph processor', () => {
  const setup = (o: { waitMs?: number; maxItems?: number } = {}) => {
    const registry = new Registry();
    let clock = 0;
    const p = createServiceGraphProcessor({ waitMs: o.waitMs ?? 10_000, maxItems: o.maxItems ?? 100, maxServices: 100 }, traceMetrics(registry), () => clock);
    return { registry, p, advance: (ms: number) => (clock += ms) };
  };

  it('pairs a client span with the server span under it, whichever arrives first, as one edge between their services', async () => {
    const { registry, p } = setup();
    p.processTraces(batch('web', span({ id: '1', kind: 'client', ms: 120 })));
    expect(p.waiting()).toBe(1);
    p.processTraces(batch('orders', span({ id: '2', parent: '1', kind: 'server', ms: 100, error: true })));
    // Server first this time (another trace).
    p.processTraces(batch('orders', span({ trace: 'b'.repeat(32), id: '4', parent: '3', kind: 'server', ms: 50 })));
    p.processTraces(batch('web', span({ trace: 'b'.repeat(32), id: '3', kind: 'client', ms: 70 })));
    expect(p.waiting()).toBe(0);
    expect(await samples(registry, 'traces_service_graph_request_total')).toEqual({ 'client=web,connection_type=,server=orders': 2 });
    expect(await samples(registry, 'traces_service_graph_request_failed_total')).toEqual({ 'client=web,connection_type=,server=orders': 1 });
    expect((await samples(registry, 'traces_service_graph_request_server_seconds_sum'))['client=web,connection_type=,server=orders']).toBeCloseTo(0.15);
    expect((await samples(registry, 'traces_service_graph_request_client_seconds_sum'))['client=web,connection_type=,server=orders']).toBeCloseTo(0.19);
  });

  it('draws LLM calls to their provider at once, root server spans from "user", and producer → consumer as messaging', async () => {
    const { registry, p } = setup();
    p.processTraces(
      batch(
        'agent',
        span({ id: '1', kind: 'server', ms: 900 }),
        span({ id: '2', parent: '1', kind: 'client', ms: 800, attrs: { 'gen_ai.provider.name': 'openai' } }),
        span({ id: '3', parent: '1', kind: 'client', ms: 10, attrs: { 'gen_ai.system': 'anthropic' }, error: true }),
        span({ id: '4', parent: '1', kind: 'producer', ms: 1 }),
      ),
    );
    p.processTraces(batch('worker', span({ id: '5', parent: '4', kind: 'consumer', ms: 30 })));
    expect(await samples(registry, 'traces_service_graph_request_total')).toEqual({
      'client=user,connection_type=virtual_node,server=agent': 1,
      'client=agent,connection_type=virtual_node,server=openai': 1,
      'client=agent,connection_type=virtual_node,server=anthropic': 1,
      'client=agent,connection_type=messaging_system,server=worker': 1,
    });
    expect(await samples(registry, 'traces_service_graph_request_failed_total')).toEqual({ 'client=agent,connection_type=virtual_node,server=anthropic': 1 });
    expect(p.waiting()).toBe(0);
  });

  it('after the wait, draws a client span naming its peer to a virtual node and counts the rest as unpaired', async () => {
    const { registry, p, advance } = setup({ waitMs: 1000 });
    p.processTraces(
      batch(
        'api',
        span({ id: '1', kind: 'client', ms: 5, attrs: { 'db.system': 'postgresql' } }),
        span({ id: '2', kind: 'client', ms: 5, attrs: { 'peer.service': 'billing' } }),
        span({ id: '3', kind: 'client', ms: 5 }),
        span({ id: '5', parent: '4', kind: 'server', ms: 5 }),
      ),
    );
    advance(999);
    p.expire();
    expect(p.waiting()).toBe(4);
    advance(1);
    p.expire();
    expect(p.waiting()).toBe(0);
    expect(await samples(registry, 'traces_service_graph_request_total')).toEqual({
      'client=api,connection_type=database,server=postgresql': 1,
      'client=api,connection_type=virtual_node,server=billing': 1,
    });
    expect(await samples(registry, 'traces_service_graph_unpaired_spans_total')).toEqual({ 'client=api,server=': 1, 'client=,server=api': 1 });
  });

  it('bounds the client/server pairs: past 10,000, new ones go to server "other"', async () => {
    const registry = new Registry();
    const p = createServiceGraphProcessor({ waitMs: 1000, maxItems: 10, maxServices: 50_000 }, traceMetrics(registry));
    p.processTraces(batch('agent', ...Array.from({ length: 10_003 }, (_, i) => span({ id: String(i + 1), kind: 'client', ms: 1, attrs: { 'gen_ai.provider.name': `p${i}` } }))));
    const edges = await samples(registry, 'traces_service_graph_request_total');
    expect(Object.keys(edges)).toHaveLength(10_001);
    expect(edges['client=agent,connection_type=virtual_node,server=other']).toBe(3);
  });

  it('keeps at most max_items spans waiting, counting the ones it drops', async () => {
    const { registry, p } = setup({ maxItems: 2 });
    p.processTraces(batch('api', ...['1', '2', '3', '4'].map((id) => span({ id, kind: 'client', ms: 1 }))));
    expect(p.waiting()).toBe(2);
    expect(await samples(registry, 'traces_service_graph_dropped_spans_total')).toEqual({ 'client=api,server=': 2 });
  });
});
