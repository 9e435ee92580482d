/**
 * One OTLP/HTTP export request, classified as the OTLP spec says a client must treat its answer:
 * 2xx is delivered (minus what a partial success rejected), 429 / 502 / 503 / 504 and network
 * failures are retried (after Retry-After when given), anything else is final.
 *
 * Sent with node:http / node:https rather than fetch: fetch has no way to take a private CA or a
 * client certificate (the exporter's `tls`), and refuses outright the ports the Fetch standard
 * lists as unsafe (6000, 6665–6669, 10080, …), where a backend may well listen.
 */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type protobuf from 'protobufjs';

const gzipAsync = promisify(gzip);
const RETRYABLE = new Set([429, 502, 503, 504]);

export interface SendOptions {
  headers: Record<string, string>;
  encoding: 'proto' | 'json';
  compression: 'gzip' | 'none';
  timeoutMs: number;
  /** The signal's Export…ServiceResponse, to read a partial success from a protobuf answer. */
  responseType: protobuf.Type;
  /** Kept-alive connections, with the TLS settings for https (an `https.Agent`); Node's global agents when absent. */
  agent?: Agent;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** More of an answer's body than anything here reads (a partial success, the start of an error message). */
const MAX_ANSWER_BYTES = 1 << 20;

export type SendResult =
  | { kind: 'delivered'; rejected: number; message: string }
  | { kind: 'retry'; afterMs: number | undefined; message: string }
  | { kind: 'failed'; message: string };

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The rejected count and message of a partial success in a response body (protobuf or JSON). */
export function partialSuccess(body: Uint8Array, contentType: string, responseType: protobuf.Type): { rejected: number; message: string } {
  if (body.length === 0) return { rejected: 0, message: '' };
  try {
    const msg = (contentType.includes('json') ? JSON.parse(Buffer.from(body).toString('utf8')) : responseType.toObject(responseType.decode(body), { longs: Number })) as {
      partialSuccess?: Record<string, unknown>;
    };
    const ps = msg.partialSuccess ?? {};
    const rejected = Number(ps.rejectedSpans ?? ps.rejectedLogRecords ?? ps.rejectedDataPoints ?? 0);
    return { rejected: Number.isFinite(rejected) ? rejected : 0, message: typeof ps.errorMessage === 'string' ? ps.errorMessage : '' };
  } catch {
    return { rejected: 0, message: '' };
  }
}

/** A short description of an error answer: its status and the start of its body (an OTLP Status message when there is one). */
function describe(answer: Answer): string {
  const text = answer.body.toString('utf8').replace(/[^\x20-\x7e]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return `HTTP ${answer.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

/** One POST, its answer read whole (up to MAX_ANSWER_BYTES), all within `timeoutMs`. */
function post(url: string, headers: Record<string, string>, body: Buffer, o: SendOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const options = { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, signal: AbortSignal.timeout(o.timeoutMs), ...(o.agent && { agent: o.agent }) };
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Why a request got no answer, for the log: a timeout, else the socket's or TLS's error code. */
function noAnswer(err: unknown, timeoutMs: number): string {
  const e = err as Error & { code?: string; cause?: { name?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return e.code ? `${e.code}${e.message && !e.message.includes(e.code) ? ` (${e.message})` : ''}` : e.message;
}

export async function sendOtlp(url: string, payload: Buffer, o: SendOptions): Promise<SendResult> {
  const body = o.compression === 'gzip' ? await gzipAsync(payload) : payload;
  const headers: Record<string, string> = {
    'user-agent': 'WatchLLM otlphttp exporter',
    ...o.headers,
    'content-type': o.encoding === 'json' ? 'application/json' : 'application/x-protobuf',
    ...(o.compression === 'gzip' && { 'content-encoding': 'gzip' }),
  };
  let answer: Answer;
  try {
    answer = await post(url, headers, body, o);
  } catch (err) {
    return { kind: 'retry', afterMs: undefined, message: `${url}: ${noAnswer(err, o.timeoutMs)}` };
  }
  if (answer.status >= 200 && answer.status < 300) {
    return { kind: 'delivered', ...partialSuccess(answer.body, answer.headers['content-type'] ?? '', o.responseType) };
  }
  const message = `${url}: ${describe(answer)}`;
  if (RETRYABLE.has(answer.status)) return { kind: 'retry', afterMs: retryAfterMs(header(answer.headers['retry-after'])), message };
  return { kind: 'failed', message };
}

const header = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? v[0] : v) ?? null;
