// A local LLM server speaking the OpenAI and Anthropic HTTP APIs with deterministic answers,
// for demos and tests. Errors are injected on a schedule or by trigger words in the request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, messages } from './stub-anthropic.js';
import { embedContent, generateContent, geminiError, geminiRoute } from './stub-gemini.js';
import { bedrockError, bedrockRoute, converse, invokeModel } from './stub-bedrock.js';
import { chatCompletions, embeddings, openAiError, responses } from './stub-openai.js';
import type { Json } from './stub-content.js';
import type { ErrorBody, StubReply } from './stub-reply.js';

export interface StubLlmServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Delay before the first byte of every reply, in ms (default 0). A range picks deterministically. */
  latencyMs?: number | { min: number; max: number };
  /** Delay between streamed events, in ms (default 2). */
  chunkDelayMs?: number;
  /** Every Nth request fails (alternating 429 and 500); 0 (default) never. */
  errorEvery?: number;
}

export interface StubLlmServer {
  /** Base URL without the `/v1` suffix, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `${url}/v1`: what the OpenAI SDK wants as `baseURL`. */
  openaiBaseURL: string;
  /** What the Anthropic SDK wants as `baseURL` (it appends `/v1/...` itself). */
  anthropicBaseURL: string;
  /** What @google/genai wants as `httpOptions.baseUrl` (it appends `/v1beta/models/...` itself). */
  geminiBaseURL: string;
  /** What @aws-sdk/client-bedrock-runtime wants as `endpoint` (it appends `/model/{id}/converse` itself). */
  bedrockEndpoint: string;
  /** Requests served so far. */
  requestCount(): number;
  close(): Promise<void>;
}

/** Words that make the stub fail a request, so demos and tests can ask for an error. */
export const STUB_TRIGGERS = { rateLimit: 'trigger_429', serverError: 'trigger_500' } as const;

interface Route {
  handle(body: Json): StubReply;
  error: ErrorBody;
}

const ROUTES: Record<string, Route> = {
  '/v1/chat/completions': { handle: chatCompletions, error: openAiError },
  '/v1/responses': { handle: responses, error: openAiError },
  '/v1/embeddings': { handle: embeddings, error: openAiError },
  '/v1/messages': { handle: messages, error: anthropicError },
};

export async function startStubLlmServer(options: StubLlmServerOptions = {}): Promise<StubLlmServer> {
  let served = 0;
  const server = createServer((req, res) => {
    served++;
    handle(req, res, served, options).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    geminiBaseURL: url,
    bedrockEndpoint: url,
    requestCount: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, n: number, options: StubLlmServerOptions): Promise<void> {
  const path = (req.url ?? '').split('?')[0]!;
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
  const route = ROUTES[path] ?? ROUTES[azureOpenAiPath(path)] ?? geminiRouteFor(path) ?? bedrockRouteFor(path);
  if (!route || req.method !== 'POST') return send(res, 404, { error: { message: `no route ${req.method} ${path}` } });
  const raw = await readBody(req);
  let body: Json;
  try {
    body = JSON.parse(raw) as Json;
  } catch {
    return send(res, 400, route.error(400, 'request body is not JSON'));
  }
  await sleep(latencyFor(options.latencyMs, n));
  const status = injectedStatus(raw, n, options.errorEvery ?? 0);
  if (status) {
    const message = status === 429 ? 'Rate limit reached (stub)' : 'The server had an error (stub)';
    return send(res, status, route.error(status, message), { 'retry-after-ms': '10', 'x-should-retry': 'false' });
  }
  const reply = route.handle(body);
  if (reply.kind === 'json') return send(res, reply.status, reply.body, reply.headers);
  if (reply.kind === 'binary') {
    res.writeHead(200, { 'content-type': reply.contentType });
    for (const chunk of reply.chunks) {
      if (res.destroyed) return;
      res.write(chunk);
      await sleep(options.chunkDelayMs ?? 2);
    }
    return void res.end();
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const event of reply.events) {
    if (res.destroyed) return;
    const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
    res.write(`${event.event ? `event: ${event.event}\n` : ''}data: ${data}\n\n`);
    await sleep(options.chunkDelayMs ?? 2);
  }
  res.end();
}

/** Gemini puts the model and the method in the path: `/v1beta/models/{model}:{method}`. */
function geminiRouteFor(path: string): Route | undefined {
  const r = geminiRoute(path);
  if (!r) return undefined;
  const handle: Record<string, (body: Json) => StubReply> = {
    generateContent: (body) => generateContent(body, r.model, false),
    streamGenerateContent: (body) => generateContent(body, r.model, true),
    embedContent: (body) => embedContent(body, r.model, false),
    batchEmbedContents: (body) => embedContent(body, r.model, true),
  };
  const h = handle[r.method];
  return h ? { handle: h, error: geminiError } : undefined;
}

/** Azure OpenAI's `/openai/deployments/{deployment}/chat/completions` is OpenAI's `/v1/chat/completions`. */
function azureOpenAiPath(path: string): string {
  const m = /^\/openai\/deployments\/[^/]+\/(chat\/completions|embeddings|responses)$/.exec(path);
  return m ? `/v1/${m[1]}` : path;
}

/** Bedrock puts the model in the path: `/model/{modelId}/converse[-stream]`, `/model/{modelId}/invoke[-with-response-stream]`. */
function bedrockRouteFor(path: string): Route | undefined {
  const r = bedrockRoute(path);
  return r ? { handle: (body) => (r.api === 'converse' ? converse(body, r.modelId, r.stream) : invokeModel(body, r.stream)), error: bedrockError } : undefined;
}

function injectedStatus(raw: string, n: number, every: number): number | undefined {
  if (raw.includes(STUB_TRIGGERS.rateLimit)) return 429;
  if (raw.includes(STUB_TRIGGERS.serverError)) return 500;
  if (every > 0 && n % every === 0) return (n / every) % 2 === 1 ? 429 : 500;
  return undefined;
}

function latencyFor(latency: StubLlmServerOptions['latencyMs'], n: number): number {
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  const span = Math.max(0, latency.max - latency.min);
  return latency.min + ((n * 2654435761) >>> 0) % (span + 1);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': `req_stub_${status}`, ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());
