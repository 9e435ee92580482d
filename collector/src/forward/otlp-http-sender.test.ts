import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportTraceServiceResponse } from '../otlp/proto.js';
import { retryAfterMs, sendOtlp, type SendOptions } from './otlp-http-sender.js';

let server: Server;
let base: string;
let answer: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void = (_q, res) => res.end();
const seen: { headers: IncomingMessage['headers']; body: Buffer }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const options = (o: Partial<SendOptions> = {}): SendOptions => ({
  headers: { authorization: 'Bearer t0k' },
  encoding: 'proto',
  compression: 'gzip',
  timeoutMs: 2000,
  responseType: ExportTraceServiceResponse,
  ...o,
});

describe('sendOtlp', () => {
  it('posts the body gzipped with the configured headers and content type', async () => {
    answer = (_q, res) => res.end();
    const result = await sendOtlp(`${base}/v1/traces`, Buffer.from('payload'), options());
    expect(result).toEqual({ kind: 'delivered', rejected: 0, message: '' });
    const last = seen[seen.length - 1];
    expect(last.headers).toMatchObject({ authorization: 'Bearer t0k', 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(gunzipSync(last.body).toString()).toBe('payload');
    await sendOtlp(`${base}/v1/traces`, Buffer.from('{}'), options({ encoding: 'json', compression: 'none' }));
    expect(seen[seen.length - 1].headers['content-type']).toBe('application/json');
    expect(seen[seen.length - 1].headers['content-encoding']).toBeUndefined();
  });

  it('reads a partial success from a protobuf or JSON answer', async () => {
    answer = (_q, res) => {
      res.setHeader('content-type', 'application/x-protobuf');
      res.end(ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject({ partialSuccess: { rejectedSpans: 3, errorMessage: 'bad ids' } })).finish());
    };
    expect(await sendOtlp(`${base}/v1/traces`, Buffer.from('x'), options())).toEqual({ kind: 'delivered', rejected: 3, message: 'bad ids' });
    answer = (_q, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ partialSuccess: { rejectedSpans: '2', errorMessage: 'too old' } }));
    };
    expect(await sendOtlp(`${base}/v1/traces`, Buffer.from('x'), options())).toEqual({ kind: 'delivered', rejected: 2, message: 'too old' });
  });

  it('retries 429/502/503/504 (after Retry-After) and network failures; anything else is final', async () => {
    for (const status of [429, 502, 503, 504]) {
      answer = (_q, res) => {
        res.statusCode = status;
        res.setHeader('retry-after', '7');
        res.end('busy');
      };
      expect(await sendOtlp(`${base}/v1/traces`, Buffer.from('x'), options())).toMatchObject({ kind: 'retry', afterMs: 7000 });
    }
    answer = (_q, res) => {
      res.statusCode = 400;
      res.end('wrong\u0000 type');
    };
    const failed = await sendOtlp(`${base}/v1/traces`, Buffer.from('x'), options());
    expect(failed).toEqual({ kind: 'failed', message: `${base}/v1/traces: HTTP 400: wrong type` });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await sendOtlp(`http://127.0.0.1:${closedPort}/v1/traces`, Buffer.from('x'), options())).toMatchObject({ kind: 'retry', message: expect.stringContaining('ECONNREFUSED') });
    answer = () => {}; // never answers
    expect(await sendOtlp(`${base}/v1/traces`, Buffer.from('x'), options({ timeoutMs: 100 }))).toMatchObject({ kind: 'retry', message: expect.stringContaining('no answer within 100 ms') });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('verifies https backends against the CA it is given, or not at all when told to skip verification', async () => {
    const pem = (name: string) => readFileSync(new URL(`../../test/tls/${name}`, import.meta.url));
    const tlsServer = createTlsServer({ key: pem('server.key'), cert: pem('server.pem') }, (req, res) => req.resume().on('end', () => res.end()));
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/v1/traces`;
    const send = (agent: HttpsAgent) => sendOtlp(url, Buffer.from('x'), options({ agent }));
    try {
      expect(await send(new HttpsAgent({ ca: pem('ca.pem') }))).toEqual({ kind: 'delivered', rejected: 0, message: '' });
      expect(await send(new HttpsAgent())).toMatchObject({ kind: 'retry', message: expect.stringContaining('UNABLE_TO_VERIFY_LEAF_SIGNATURE') });
      expect(await send(new HttpsAgent({ rejectUnauthorized: false }))).toMatchObject({ kind: 'delivered' });
    } finally {
      tlsServer.close();
    }
  });

  it('sends to ports fetch refuses as unsafe (a backend may listen on 6666)', async () => {
    const unsafe = createServer((req, res) => req.resume().on('end', () => res.end()));
    const listening = await new Promise<boolean>((resolve) => {
      unsafe.once('error', () => resolve(false));
      unsafe.listen(6666, '127.0.0.1', () => resolve(true));
    });
    if (!listening) return; // the port is taken on this machine: nothing to show here
    try {
      expect(await sendOtlp('http://127.0.0.1:6666/v1/traces', Buffer.from('x'), options())).toEqual({ kind: 'delivered', rejected: 0, message: '' });
    } finally {
      unsafe.close();
    }
  });
});
