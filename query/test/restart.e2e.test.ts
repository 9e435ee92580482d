import { expect, it } from 'vitest';
import { getJson, startTestStack } from './helpers.js';

it('keeps data across a restart on the same data directory', async () => {
  const first = await startTestStack();
  const traceId = '12'.repeat(16);
  const res = await fetch(`${first.otlpHttp}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'persisted' } }] }, scopeSpans: [{ spans: [{ traceId, spanId: '34'.repeat(8), name: 'kept', startTimeUnixNano: '1764806400000000000', endTimeUnixNano: '1764806401000000000' }] }] }],
    }),
  });
  expect(res.status).toBe(200);
  await first.running.shutdown();

  const second = await startTestStack(first.dataDir);
  try {
    const { status, body } = await getJson(`${second.api}/api/v1/traces/${traceId}`);
    expect(status).toBe(200);
    expect(body.spans.map((s: any) => [s.name, s.serviceName])).toEqual([['kept', 'persisted']]);
  } finally {
    await second.running.shutdown();
  }
});
