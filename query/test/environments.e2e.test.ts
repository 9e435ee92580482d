// Deployment environments end to end: spans from a service with OTel's `deployment.environment.name`, one with
// Langfuse's `langfuse.environment`, and one with neither ("default"), listed and filtered through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitter } from './genai-fixtures.js';
import { getJson, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  const start = Date.now() - 60_000;
  const staging = emitter(stack.otlpHttp, 'env-app', 512, { 'deployment.environment.name': 'staging' });
  const a = staging.tracer.startSpan('staging-request', { startTime: start });
  a.end(start + 10);
  ids.staging = a.spanContext().traceId;
  await staging.flush();
  const plain = emitter(stack.otlpHttp, 'env-app');
  const b = plain.tracer.startSpan('langfuse-request', { startTime: start + 20, attributes: { 'langfuse.environment': 'prod-eu' } });
  b.end(start + 30);
  ids.langfuse = b.spanContext().traceId;
  const c = plain.tracer.startSpan('plain-request', { startTime: start + 40 });
  c.end(start + 50);
  ids.plain = c.spanContext().traceId;
  await plain.flush();
}, 60_000);

afterAll(async () => {
  await stack?.running.shutdown();
});

const traceIds = async (query: string) => {
  const { status, body } = await getJson(`${stack.api}/api/v1/traces?service=env-app&${query}`);
  expect(status).toBe(200);
  return (body.traces as { traceId: string }[]).map((t) => t.traceId).sort();
};

describe('deployment environments', () => {
  it('lists the environments spans were in: OTel’s resource attribute, Langfuse’s, else "default"', async () => {
    const { body } = await getJson(`${stack.api}/api/v1/environments`);
    expect([...body.environments].sort()).toEqual(['default', 'prod-eu', 'staging']);
  });

  it('filters traces by one environment or several', async () => {
    expect(await traceIds('environment=staging')).toEqual([ids.staging]);
    expect(await traceIds('environment=prod-eu')).toEqual([ids.langfuse]);
    expect(await traceIds('environment=default')).toEqual([ids.plain]);
    expect(await traceIds('environment=staging&environment=prod-eu')).toEqual([ids.staging, ids.langfuse].sort());
    expect(await traceIds('environment=nowhere')).toEqual([]);
  });

  it("Langfuse's trace list pages newest first, or oldest first with orderBy=timestamp.asc", async () => {
    const names = async (query: string) => {
      const { status, body } = await getJson(`${stack.api}/api/public/traces?${query}`);
      expect(status).toBe(200);
      return (body.data as { id: string }[]).map((t) => t.id);
    };
    const oldestFirst = [ids.staging, ids.langfuse, ids.plain];
    expect(await names('fields=core')).toEqual([...oldestFirst].reverse());
    expect(await names('fields=core&orderBy=timestamp.desc')).toEqual([...oldestFirst].reverse());
    expect(await names('fields=core&orderBy=timestamp.asc')).toEqual(oldestFirst);
    expect(await names('fields=core&orderBy=timestamp.asc&limit=1&page=2')).toEqual([ids.langfuse]);
    // The total comes with the page, and still when the page is past the end.
    for (const page of [1, 3, 5]) {
      const { body } = await getJson(`${stack.api}/api/public/traces?fields=core&limit=1&page=${page}`);
      expect(body.meta, `page ${page}`).toEqual({ page, limit: 1, totalItems: 3, totalPages: 3 });
    }
    const { status, body } = await getJson(`${stack.api}/api/public/traces?orderBy=name.asc`);
    expect(status).toBe(400);
    expect(body.error ?? body.message).toContain('orderBy');
  });
});
