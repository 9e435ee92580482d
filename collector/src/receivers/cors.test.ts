import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { RefusedError } from '../otlp/errors.js';
import { tracesHandler } from '../otlp/signals.js';
import { originProblem } from './cors.js';
import { createOtlpHttpReceiver } from './otlp-http.js';

let url = '';
let refuse = false;
let receiver: ReturnType<typeof createOtlpHttpReceiver>;

beforeAll(async () => {
  receiver = createOtlpHttpReceiver([tracesHandler({ consumeTraces: async () => {} })], {
    host: '127.0.0.1',
    port: 0,
    maxRequestBytes: 1 << 20,
    maxDecompressedBytes: 4 << 20,
    authenticate: () => ({ projectId: 'default' }),
    admit: () => {
      if (refuse) throw new RefusedError('overloaded', 'busy', 2);
    },
    cors: { allowedOrigins: ['https://app.example.com', 'https://*.shop.example'], allowedHeaders: ['Authorization'], maxAgeSeconds: 600 },
  });
  url = `http://127.0.0.1:${(await receiver.start()).port}/v1/traces`;
});
afterAll(() => receiver.shutdown());

const preflight = (origin: string, headers = 'content-type') =>
  fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
const post = (origin?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', ...(origin ? { origin } : {}) }, body: encodeGenAiRequest(1, 1) });

describe('CORS on the OTLP/HTTP receiver', () => {
  it('answers a preflight from an allowed origin, wildcards included, for the headers an exporter sends and those configured', async () => {
    const ok = await preflight('https://app.example.com', 'content-type, authorization');
    expect(ok.status).toBe(204);
    expect(Object.fromEntries([...ok.headers].filter(([k]) => k.startsWith('access-control')))).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-expose-headers': 'Retry-After',
      'access-control-max-age': '600',
    });
    expect((await preflight('https://eu.shop.example')).headers.get('access-control-allow-origin')).toBe('https://eu.shop.example');
  });

  it('gives no permission to another origin, a header not allowed, or a nested wildcard host', async () => {
    for (const denied of [await preflight('https://evil.example'), await preflight('https://app.example.com', 'x-secret'), await preflight('https://a.b/c.shop.example')]) {
      expect(denied.status).toBe(204);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('marks answers, refusals included, for an allowed origin, so the page reads Retry-After', async () => {
    const stored = await post('https://app.example.com');
    expect([stored.status, stored.headers.get('access-control-allow-origin')]).toEqual([200, 'https://app.example.com']);
    refuse = true;
    const busy = await post('https://app.example.com');
    refuse = false;
    expect([busy.status, busy.headers.get('retry-after'), busy.headers.get('access-control-allow-origin'), busy.headers.get('access-control-expose-headers')]).toEqual([503, '2', 'https://app.example.com', 'Retry-After']);
    expect((await post('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await post()).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('checks configured origins', () => {
    expect(originProblem('*')).toBeUndefined();
    expect(originProblem('https://*.example.com')).toBeUndefined();
    expect(originProblem('http://localhost:3000')).toBeUndefined();
    expect(originProblem('app.example.com')).toBe('"app.example.com" is not an origin (scheme://host[:port], e.g. https://app.example.com; * for any)');
    expect(originProblem('https://app.example.com/path')).toMatch(/is not an origin/);
  });
});
