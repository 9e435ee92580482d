/**
 * `watchllm reprice`: after a price change in otel-config.yaml (or a project's models), stored span costs and the
 * rollups built from them are recomputed; prices are effective-dated (a change applies from its date unless --retroactive).
 */
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { readSettings } from '@watchllm/collector';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseRepriceArgs, runRepriceCommand } from '../src/cli/reprice.js';
import { getJson, startTestStack, type TestStack } from './helpers.js';
import { catalogPrice, onlyModelSpan, otelToStack, readTrace, type OtelToStack } from './llm-e2e.js';

const HOUR = 3_600_000;
const NOW = Date.now();
/** Three whole hours ago: the spans below live in hours T0, T0+1h and T0+2h. */
const T0 = Math.floor(NOW / HOUR) * HOUR - 3 * HOUR;
const EFFECTIVE = T0 + HOUR; // the new gpt-4o-mini price applies from here on
const SERVICE = 'reprice-app';
const iso = (ms: number) => new Date(ms).toISOString();

let stack: TestStack;
let otel: OtelToStack;
let configPath: string;
const t: Record<'old' | 'recent' | 'reported' | 'noUsage' | 'later', string> = { old: '', recent: '', reported: '', noUsage: '', later: '' };

function writeConfig(): string {
  const text = readFileSync(fileURLToPath(new URL('../../otel-config.yaml', import.meta.url)), 'utf8');
  const prices = [
    'custom_prices:',
    '      - provider: openai',
    '        model: gpt-4o-mini',
    '        input_per_mtok: 10',
    '        output_per_mtok: 20',
    `        effective_from: "${iso(EFFECTIVE)}"`,
    '      - model: my-private-llm',
    '        input_per_mtok: 2',
    '        output_per_mtok: 6',
  ].join('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'watchllm-reprice-')), 'otel-config.yaml');
  writeFileSync(path, text.replace('custom_prices: []', prices));
  return path;
}

/** A one-span trace: a chat call of 1000 input / 500 output tokens (unless `usage` is false) at a fixed time. */
function chat(atMs: number, model: string, extra: Attributes = {}, usage = true): string {
  const tokens = usage ? { 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 500 } : {};
  const span = otel.tracer.startSpan(`chat ${model}`, {
    kind: SpanKind.CLIENT,
    startTime: new Date(atMs),
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': model.startsWith('gpt') ? 'openai' : 'acme', 'gen_ai.request.model': model,
      ...tokens, ...extra,
    },
  });
  span.end(new Date(atMs + 500));
  return span.spanContext().traceId;
}

const CATALOG_MINI = catalogPrice('openai', 'gpt-4o-mini', { input_tokens: 1000, output_tokens: 500 }, new Date(T0));
const CUSTOM_MINI = (1000 * 10 + 500 * 20) / 1e6;
const CUSTOM_PRIVATE = (1000 * 2 + 500 * 6) / 1e6;

async function costOf(traceId: string) {
  return onlyModelSpan(await readTrace(stack.api, traceId)).genAi;
}

async function totalCost(): Promise<number | null> {
  const { body } = await getJson(`${stack.api}/api/v1/costs?start=${iso(T0)}&end=${iso(T0 + 3 * HOUR)}&service=${SERVICE}`);
  return body.total.costUsd;
}

async function traceCost(traceId: string): Promise<number | null> {
  const { body } = await getJson(`${stack.api}/api/v1/traces?service=${SERVICE}&start=${iso(T0 - HOUR)}&end=${iso(NOW + HOUR)}&limit=100`);
  return body.traces.find((x: { traceId: string }) => x.traceId === traceId)?.costUsd ?? null;
}

let lastOutput = '';

/** Runs the CLI command against the running stack's store (the embedded engine allows one opener per process). */
async function reprice(args: string[]): Promise<number> {
  const settings = readSettings({ WATCHLLM_CONFIG: configPath, WATCHLLM_DATA_DIR: stack.dataDir });
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return await runRepriceCommand(settings, args, 'usage', { store: stack.running.store, nowMs: NOW });
  } finally {
    lastOutput = log.mock.calls.map((c) => c.join(' ')).join('\n');
    log.mockRestore();
  }
}

beforeAll(async () => {
  configPath = writeConfig();
  stack = await startTestStack(); // ingest runs with the shipped config: catalog prices only
  otel = otelToStack(stack.otlpHttp, SERVICE);
  t.old = chat(T0 + 10 * 60_000, 'gpt-4o-mini');
  t.recent = chat(T0 + 2 * HOUR + 10 * 60_000, 'gpt-4o-mini');
  t.reported = chat(T0 + 2 * HOUR + 20 * 60_000, 'gpt-4o-mini', { 'gen_ai.usage.cost': 0.5 });
  t.noUsage = chat(T0 + 2 * HOUR + 30 * 60_000, 'gpt-4o-mini', {}, false);
  t.later = chat(T0 + 2 * HOUR + 50 * 60_000, 'my-private-llm');
  await otel.flush();
  for (const id of Object.values(t)) await readTrace(stack.api, id);
});

afterAll(async () => {
  await otel?.shutdown();
  await stack?.running.shutdown();
});

describe('watchllm reprice', () => {
  it('before: ingest priced with the catalog; the private model was unpriced', async () => {
    expect((await costOf(t.old)).costUsd).toBeCloseTo(CATALOG_MINI, 12);
    expect((await costOf(t.recent)).costUsd).toBeCloseTo(CATALOG_MINI, 12);
    expect((await costOf(t.later)).costUsd).toBeNull();
    expect(await totalCost()).toBeCloseTo(2 * CATALOG_MINI + 0.5, 12);
  });

  it('default: each span priced at its own time, within [since, until); rollups follow', async () => {
    // until excludes the private-model span at T0+2h50m
    expect(await reprice(['--since', iso(T0 - HOUR), '--until', iso(T0 + 2 * HOUR + 40 * 60_000)])).toBe(0);
    expect((await costOf(t.old))).toMatchObject({ costSource: 'catalog' }); // before the price's effective date
    expect((await costOf(t.old)).costUsd).toBeCloseTo(CATALOG_MINI, 12);
    expect(await costOf(t.recent)).toMatchObject({ costSource: 'custom', priceVersion: 'custom' });
    expect((await costOf(t.recent)).costUsd).toBeCloseTo(CUSTOM_MINI, 12);
    expect(await costOf(t.reported)).toMatchObject({ costUsd: 0.5, costSource: 'reported' }); // reported costs are kept
    expect((await costOf(t.later)).costUsd).toBeNull(); // outside the window
    expect(await totalCost()).toBeCloseTo(CATALOG_MINI + CUSTOM_MINI + 0.5, 12);
    expect(await traceCost(t.recent)).toBeCloseTo(CUSTOM_MINI, 12);
  });

  it('--retroactive prices every span at today\'s prices; a newly priced model gets its cost', async () => {
    expect(await reprice(['--since', '4h', '--retroactive'])).toBe(0);
    expect(lastOutput).toContain('4 spans checked, 2 updated'); // the reported-cost span is never repriced
    expect((await costOf(t.old)).costUsd).toBeCloseTo(CUSTOM_MINI, 12);
    expect((await costOf(t.later)).costUsd).toBeCloseTo(CUSTOM_PRIVATE, 12);
    expect(await costOf(t.later)).toMatchObject({ costSource: 'custom' });
    expect(await costOf(t.noUsage)).toMatchObject({ costUsd: null, costSource: 'unpriced' }); // a known model without usage: never 0
    expect(await totalCost()).toBeCloseTo(2 * CUSTOM_MINI + 0.5 + CUSTOM_PRIVATE, 12);
    expect(await traceCost(t.old)).toBeCloseTo(CUSTOM_MINI, 12);
    expect(await traceCost(t.later)).toBeCloseTo(CUSTOM_PRIVATE, 12);
  });

  it('running it again changes nothing (idempotent)', async () => {
    expect(await reprice(['--since', '4h', '--retroactive'])).toBe(0);
    expect(lastOutput).toContain('4 spans checked, 0 updated');
    expect(await totalCost()).toBeCloseTo(2 * CUSTOM_MINI + 0.5 + CUSTOM_PRIVATE, 12);
    expect(await traceCost(t.recent)).toBeCloseTo(CUSTOM_MINI, 12);
  });

  it("a project's model created since (Langfuse's Models API) prices that project's spans over config prices", async () => {
    const res = await fetch(`${stack.api}/api/public/models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ modelName: 'my-private-llm', matchPattern: '(?i)^my-private-llm$', unit: 'TOKENS', inputPrice: 0.000003, outputPrice: 0.000009 }),
    });
    const { id } = await res.json();
    expect(await reprice(['--since', '4h', '--retroactive'])).toBe(0);
    expect(lastOutput).toContain('4 spans checked, 1 updated');
    expect(await costOf(t.later)).toMatchObject({ costSource: 'custom', priceVersion: `model:${id}` });
    expect((await costOf(t.later)).costUsd).toBeCloseTo((1000 * 3 + 500 * 9) / 1e6, 12);
  });

  it('rejects bad arguments', () => {
    expect(parseRepriceArgs([], NOW)).toEqual({ error: expect.stringContaining('--since') });
    expect(parseRepriceArgs(['--since', 'yesterday-ish'], NOW)).toEqual({ error: expect.stringContaining('not a time') });
    expect(parseRepriceArgs(['--since', '1h', '--until', '2h'], NOW)).toEqual({ error: expect.stringContaining('after') });
    expect(parseRepriceArgs(['--since', '1h', '--force'], NOW)).toEqual({ error: 'unknown option --force' });
    expect(parseRepriceArgs(['--since=2025-01-01', '--retroactive'], NOW)).toEqual({ sinceMs: Date.parse('2025-01-01'), untilMs: NOW, retroactive: true });
    expect(parseRepriceArgs(['--since', '90m'], NOW)).toEqual({ sinceMs: NOW - 90 * 60_000, untilMs: NOW, retroactive: false });
  });
});
