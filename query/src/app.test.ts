import { describe, expect, it } from 'vitest';
import type { Store } from '@watchllm/collector';
import { createQueryApp } from './app.js';

describe('Langfuse OTel path on the query port', () => {
  it('says where to send telemetry when this process has no receiver (split roles)', async () => {
    const app = createQueryApp({ store: {} as Store, isReady: () => true });
    const res = await app.request('/api/public/otel/v1/traces', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/this query service takes no telemetry: send \/api\/public\/otel\/v1\/traces to a collector's OTLP\/HTTP port/);
  });
});
