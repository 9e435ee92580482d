import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { TABLES } from '@watchllm/collector';
import { startTestStack, type TestStack } from './helpers.js';
import { emitAgentTraces, type AgentTraces } from './compat-fixtures.js';
import { expandGrafanaSql, type GrafanaQueryContext, type VariableValue } from './grafana-macros.js';

const DASHBOARD_DIR = fileURLToPath(new URL('../../deploy/grafana/dashboards/', import.meta.url));
const DATASOURCES = fileURLToPath(new URL('../../deploy/grafana/provisioning/datasources/watchllm.yaml', import.meta.url));
const dashboards = readdirSync(DASHBOARD_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, json: JSON.parse(readFileSync(DASHBOARD_DIR + f, 'utf8')) }));

interface Panel {
  title: string;
  targets?: { rawSql?: string; datasource?: { type?: string } }[];
}

let stack: TestStack;
let database: string;
let fx: AgentTraces;
beforeAll(async () => {
  stack = await startTestStack();
  database = stack.running.store.config.database;
  fx = await emitAgentTraces(stack.otlpHttp);
  // A judge's score of the chat call, as a log record tied to its span.
  const kv = (key: string, value: Record<string, unknown>) => ({ key, value });
  const evaluation = {
    resourceLogs: [{
      resource: { attributes: [kv('service.name', { stringValue: 'agent-svc' })] },
      scopeLogs: [{ logRecords: [{
        timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), traceId: fx.agentTraceId, spanId: fx.spanIds.chat, eventName: 'gen_ai.evaluation.result',
        attributes: [kv('gen_ai.evaluation.name', { stringValue: 'relevance' }), kv('gen_ai.evaluation.score.value', { doubleValue: 0.75 }), kv('gen_ai.evaluation.score.label', { stringValue: 'relevant' })],
      }] }],
    }],
  };
  expect((await fetch(`${stack.otlpHttp}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(evaluation) })).status).toBe(200);
  // Grafana reads ClickHouse, not the API: wait until what was acknowledged (spooled) is inserted.
  await stack.running.collector!.readBarrier();
});
afterAll(async () => {
  await stack?.running.shutdown();
});

async function run(sql: string): Promise<Record<string, unknown>[]> {
  const rs = await stack.running.store.client.query({ query: sql, format: 'JSONEachRow' });
  return rs.json();
}

function context(variables: Record<string, VariableValue>, options: Record<string, string[]>): GrafanaQueryContext {
  const now = Date.now();
  return { fromMs: now - 3_600_000, toMs: now + 60_000, intervalSeconds: 60, variables: { database: [database], ...variables }, options };
}

async function totals() {
  const [row] = await run(
    `SELECT toString(countIf(GenAiOperation != '' OR GenAiStepType != '')) AS calls, toString(sum(GenAiInputTokens)) AS input,
            sum(ifNull(CostUsd, 0)) AS cost FROM ${database}.${TABLES.traces}`,
  );
  return { calls: Number(row.calls), input: Number(row.input), cost: Number(row.cost) };
}

describe.each(dashboards)('dashboard $file', ({ json }) => {
  const panels: Panel[] = json.panels;
  const clickhouseTargets = panels.flatMap((p) =>
    (p.targets ?? []).filter((t) => t.datasource?.type === 'grafana-clickhouse-datasource').map((t) => ({ title: p.title, sql: t.rawSql! })),
  );
  const variables: { name: string; type: string; query?: string; includeAll?: boolean }[] = json.templating.list;

  async function variableOptions(selected: Record<string, VariableValue>) {
    const options: Record<string, string[]> = {};
    for (const v of variables.filter((x) => x.type === 'query')) {
      const rows = await run(expandGrafanaSql(v.query!, context(selected, options)));
      options[v.name] = rows.map((r) => String(Object.values(r)[0]));
    }
    return options;
  }

  it('refers only to provisioned datasources', () => {
    const provisioned = new Map<string, string>(
      parseYaml(readFileSync(DATASOURCES, 'utf8')).datasources.map((d: { uid: string; type: string }) => [d.uid, d.type]),
    );
    const text = JSON.stringify(json);
    const uids = [...text.matchAll(/"(?:uid|datasourceUid)":"([^"]+)"/g)].map((m) => m[1]).filter((u) => u !== json.uid);
    expect(uids.length).toBeGreaterThan(0);
    for (const uid of uids) expect(provisioned.has(uid), `datasource ${uid}`).toBe(true);
    expect(provisioned.get('watchllm-tempo')).toBe('tempo');
  });

  it('has ClickHouse panels reading the rollup tables', () => {
    expect(clickhouseTargets.length).toBeGreaterThan(5);
    for (const t of clickhouseTargets) {
      // Evaluation results have no rollup: that panel reads the raw tables, bounded by the time range.
      if (t.sql.includes('gen_ai.evaluation.result')) expect(t.sql).toMatch(/\$__timeFilter\(TimestampTime\)[\s\S]*\$__timeFilter\(Timestamp\)/);
      else expect(t.sql).toMatch(/watchllm_(genai_minute|genai_hour|trace_summary)/);
    }
  });

  it('runs every variable query and every panel with All selected, and the numbers match the spans', async () => {
    const all: Record<string, VariableValue> = { project: ['default'], service: 'all', provider: 'all', model: 'all' };
    const options = await variableOptions(all);
    expect(options.service).toEqual(expect.arrayContaining(['agent-svc', 'tool-svc']));
    expect(options.model).toEqual(expect.arrayContaining(['gpt-4o', 'claude-sonnet-4']));
    const results = new Map<string, Record<string, unknown>[]>();
    for (const t of clickhouseTargets) {
      const rows = await run(expandGrafanaSql(t.sql, context(all, options))).catch((err) => {
        throw new Error(`panel "${t.title}": ${(err as Error).message}`);
      });
      // Stat and time-series panels can share a title ("Tokens"): keep the first, the stat, whose
      // single row is the total — a time series' first bucket depends on where the minute boundary fell.
      if (!results.has(t.title)) results.set(t.title, rows);
    }
    const expected = await totals();
    expect(expected.calls).toBeGreaterThan(0);
    expect(Number(results.get('Model calls')![0].Calls)).toBe(expected.calls);
    expect(Number(results.get('Tokens')![0].Input)).toBe(expected.input);
    expect(Number(results.get('Cost (USD)')![0]['Cost (USD)'])).toBeCloseTo(expected.cost, 9);
    expect(results.get('Latency p50 / p95 / p99')!.length).toBeGreaterThan(0);
    // gpt-4o has a list price: the agent trace is the only one with a cost.
    expect(expected.cost).toBeGreaterThan(0);
    expect(results.get('Most expensive traces')!.map((r) => r.Trace)).toEqual([fx.agentTraceId]);
    expect(results.get('Most expensive traces')![0]).toMatchObject({ 'Root span': 'invoke_agent planner', Service: 'agent-svc' });
    expect(results.get('Evaluation scores (gen_ai.evaluation.result)')).toEqual([
      { Evaluation: 'relevance', Results: 1, 'Avg score': 0.75, 'Min score': 0.75, 'Max score': 0.75, 'Most frequent labels': 'relevant' },
    ]);
  });

  it('runs every panel with specific values selected and filters by them', async () => {
    const chosen: Record<string, VariableValue> = { project: ['default'], service: ['agent-svc'], provider: ['openai'], model: ['gpt-4o'] };
    const options = await variableOptions(chosen);
    for (const t of clickhouseTargets) {
      const rows = await run(expandGrafanaSql(t.sql, context(chosen, options))).catch((err) => {
        throw new Error(`panel "${t.title}": ${(err as Error).message}`);
      });
      if (t.title === 'Models: calls, cost and latency') expect(rows.map((r) => r.Model)).toEqual(['gpt-4o']);
      if (t.title === 'Cost by model') expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['gpt-4o']));
    }
  });
});
