/**
 * One OTLP/HTTP export request, classified as the OTLP spec says a client must treat its answer:
 * 2xx is delivered (minus what a partial success rejected), 429 / 502 / 503 / 504 and network
 * failures are retried (after Retry-After when given), anything else is final.
 */
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
}

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
async function describe(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).replace(/[^\x20-\x7e]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

export async function sendOtlp(url: string, payload: Buffer, o: SendOptions): Promise<SendResult> {
  const body = o.compression === 'gzip' ? await gzipAsync(payload) : payload;
  const headers: Record<string, string> = {
    'user-agent': 'WatchLLM otlphttp exporter',
    ...o.headers,
    'content-type': o.encoding === 'json' ? 'application/json' : 'application/x-protobuf',
    ...(o.compression === 'gzip' && { 'content-encoding': 'gzip' }),
  };
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(o.timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { kind: 'retry', afterMs: undefined, message: `${url}: ${why}` };
  }
  if (res.ok) {
    const ps = partialSuccess(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type') ?? '', o.responseType);
    return { kind: 'delivered', ...ps };
  }
  const message = `${url}: ${await describe(res)}`;
  if (RETRYABLE.has(res.status)) return { kind: 'retry', afterMs: retryAfterMs(res.headers.get('retry-after')), message };
  return { kind: 'failed', message };
}
