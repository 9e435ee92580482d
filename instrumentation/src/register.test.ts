import OpenAI from 'openai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { traceAgent, withConversation } from './agents.js';
import { startStubLlmServer, type StubLlmServer } from './demo/stub-server.js';
import { instrumentOpenAI } from './openai/instrumentation.js';
import { register } from './register.js';
import { recordEvaluation } from './evaluation.js';

interface Received {
  path: string;
  contentType: string | undefined;
  auth: string | undefined;
  body: Buffer;
}

let collector: Server;
let collectorUrl: string;
let stub: StubLlmServer;
const received: Received[] = [];
let traceAttempts = 0;

beforeAll(async () => {
  // A fake OTLP backend that refuses the first trace export with a retryable status.
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && traceAttempts++ === 0) {
        res.writeHead(503, { 'retry-after': '0' }).end();
        return;
      }
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], auth: req.headers['x-api-key'] as string, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  stub = await startStubLlmServer();
});
afterAll(async () => {
  await stub.close();
  await new Promise((r) => collector.close(r));
});

it('exports GenAI spans and metrics as OTLP protobuf, retrying a retryable failure', async () => {
  const registration = register({
    endpoint: collectorUrl,
    serviceName: 'register-test',
    headers: { 'x-api-key': 'secret-key' },
    captureMessageContent: true,
    metricExportIntervalMillis: 60_000,
  });
  const client = instrumentOpenAI(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k', maxRetries: 0 }));
  await withConversation({ conversationId: 'conv-reg', userId: 'u-1' }, () =>
    traceAgent('assistant', async () => {
      const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'register me' }] });
      recordEvaluation({ name: 'helpfulness', score: 0.75, label: 'helpful' });
      return answer;
    }),
  );
  await registration.shutdown();
  await registration.shutdown(); // idempotent

  const traces = received.filter((r) => r.path === '/v1/traces');
  expect(traceAttempts).toBeGreaterThanOrEqual(2);
  expect(traces.length).toBeGreaterThanOrEqual(1);
  expect(traces[0]!.contentType).toBe('application/x-protobuf');
  expect(traces[0]!.auth).toBe('secret-key');
  const body = Buffer.concat(traces.map((t) => t.body)).toString('latin1');
  for (const text of ['register-test', 'chat gpt-4o-mini', 'invoke_agent assistant', 'gen_ai.usage.input_tokens', 'conv-reg', 'register me']) {
    expect(body).toContain(text);
  }
  const metrics = Buffer.concat(received.filter((r) => r.path === '/v1/metrics').map((r) => r.body)).toString('latin1');
  expect(metrics).toContain('gen_ai.client.token.usage');
  expect(metrics).toContain('gen_ai.client.operation.duration');
  const logs = Buffer.concat(received.filter((r) => r.path === '/v1/logs').map((r) => r.body)).toString('latin1');
  for (const text of ['gen_ai.evaluation.result', 'helpfulness', 'helpful']) expect(logs).toContain(text);
});
