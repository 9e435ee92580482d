import { describe, expect, it } from 'vitest';
import { startHealthCheck } from './health-check.js';

describe('health_check extension', () => {
  it('answers 200 on its path while running, 503 once shutdown begins, 404 elsewhere', async () => {
    const hc = await startHealthCheck({ host: '127.0.0.1', port: 0, path: '/health/status' });
    const url = `http://127.0.0.1:${hc.port}`;
    const ok = await fetch(`${url}/health/status`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'Server available', upSince: expect.any(String) });
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/health/status`, { method: 'POST' })).status).toBe(404);
    hc.markUnavailable();
    const down = await fetch(`${url}/health/status?verbose`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'Server not available' });
    await hc.close();
  });
});
