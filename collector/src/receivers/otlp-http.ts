import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { contentTypeOf, encodeResponse, encodingOf, type OtlpEncoding } from '../otlp/codec.js';
import { GRPC, grpcStatusOf, httpStatusOf, RefusedError, toRefusal } from '../otlp/errors.js';
import { RpcStatus } from '../otlp/proto.js';
import type { ExportContext, SignalHandler } from '../otlp/signals.js';
import { BufferPool, releaseNow } from '../storage/buffer-pool.js';
import { bodyDecoder, type BodyDecoder } from './content-encoding.js';
import { corsPolicy, type CorsOptions } from './cors.js';

export interface OtlpHttpOptions {
  host: string;
  port: number;
  /** Largest accepted body as sent (compressed), bytes. */
  maxRequestBytes: number;
  /** Largest accepted body after decompression, bytes: a gzip bomb stops here. */
  maxDecompressedBytes: number;
  /** Resolves the caller's project from request headers, or throws a RefusedError. */
  authenticate(headers: Record<string, string | string[] | undefined>): Promise<ExportContext> | ExportContext;
  /** Called before reading the body: throw a RefusedError to shed load early; the returned function is called when the request is done. */
  admit?(signal: string): (() => void) | void;
  onResult?(signal: string, status: number, reason?: string): void;
  /** A request body was read: its size as sent (HTTP: before gzip is undone; gRPC: the message grpc-js handed over). */
  onRequestBytes?(signal: string, bytes: number): void;
  /** Browser origins allowed to post (HTTP only); none: no CORS headers, and OPTIONS is not allowed. */
  cors?: CorsOptions;
}

export interface OtlpHttpReceiver {
  readonly server: Server;
  start(): Promise<{ port: number }>;
  shutdown(): Promise<void>;
}

/** Where Langfuse's OTel endpoint lives under its base URL. */
export const LANGFUSE_OTEL_PREFIX = '/api/public/otel';

export function createOtlpHttpReceiver(handlers: SignalHandler[], options: OtlpHttpOptions): OtlpHttpReceiver {
  // Langfuse SDKs send OTLP to <base URL>/api/public/otel/v1/traces: with the base URL set to this
  // receiver they send here unchanged.
  const byPath = new Map(handlers.flatMap((h) => [[h.httpPath, h], [`${LANGFUSE_OTEL_PREFIX}${h.httpPath}`, h]] as const));
  const bodies = new BufferPool();
  const cors = options.cors && options.cors.allowedOrigins.length > 0 ? corsPolicy(options.cors) : undefined;
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => sendError(res, 'json', toRefusal(err)));
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const handler = byPath.get(path);
    if (!handler) return sendPlain(res, 404, `unknown path ${path}; OTLP/HTTP paths are ${handlers.map((h) => h.httpPath).join(', ')} (also under ${LANGFUSE_OTEL_PREFIX}, for Langfuse SDKs)`);
    if (cors) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors.preflight(req));
        return void res.end();
      }
      // Set before any answer is written, so refusals (429/503 with Retry-After) reach the page's script too.
      for (const [k, v] of Object.entries(cors.responseHeaders(req.headers.origin))) res.setHeader(k, v);
    }
    if (req.method !== 'POST') return sendPlain(res, 405, `${req.method} not allowed on ${path}; use POST`, { allow: 'POST' });
    const encoding = encodingOf(req.headers['content-type']);
    if (!encoding) {
      req.resume();
      return sendError(res, 'json', new RefusedError('unsupported_media_type', `unsupported Content-Type "${req.headers['content-type'] ?? ''}"; use application/x-protobuf or application/json`));
    }
    let release: (() => void) | void = undefined;
    try {
      release = options.admit?.(handler.signal);
      const ctx = await options.authenticate(req.headers);
      // The body is handed on in a callback, not held in this frame while the write is acknowledged
      // (see pipeline/settle.ts); a decoder that copies it out gives its buffer back for the next request.
      const pool = handler.bodies ?? (handler.copiesBody ? bodies : undefined);
      const response = await readBody(req, options, pool, (sent) => options.onRequestBytes?.(handler.signal, sent)).then((body) => {
        try {
          return handler.export(body, encoding, ctx);
        } finally {
          if (!handler.bodies) pool?.give(body);
        }
      });
      res.writeHead(200, { 'content-type': contentTypeOf(encoding) });
      res.end(encodeResponse(handler.responseType, response, encoding));
      options.onResult?.(handler.signal, 200);
    } catch (err) {
      const refusal = toRefusal(err);
      // Drain what the client still sends so the connection stays usable.
      if (!req.readableEnded) req.resume();
      options.onResult?.(handler.signal, httpStatusOf(refusal), refusal.reason);
      sendError(res, encoding, refusal);
    } finally {
      release?.();
    }
  }

  return {
    server,
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve({ port: typeof addr === 'object' && addr ? addr.port : options.port });
        });
      }),
    shutdown: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function sendPlain(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ code: status === 404 ? 5 : 12, message }));
}

/** Error bodies are google.rpc.Status in the request's encoding, as the OTLP/HTTP spec asks. */
function sendError(res: ServerResponse, encoding: OtlpEncoding, e: RefusedError): void {
  if (res.headersSent) return void res.destroy();
  const headers: Record<string, string> = { 'content-type': contentTypeOf(encoding) };
  if (e.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfterSeconds)));
  const status = { code: grpcStatusOf(e) ?? GRPC.INTERNAL, message: e.message };
  res.writeHead(httpStatusOf(e), headers);
  res.end(encoding === 'json' ? JSON.stringify(status) : Buffer.from(RpcStatus.encode(RpcStatus.fromObject(status)).finish()));
}

/**
 * The chunks as one buffer; the lists are emptied, as the request (which outlives this) holds them via
 * its listeners. `freeable`: buffers nothing reads once the body is joined (the HTTP parser's copies,
 * zlib's full output buffers), freed now.
 */
function joined(chunks: Buffer[], pool: BufferPool | undefined, freeable: Buffer[]): Buffer {
  let total = 0;
  for (const c of chunks) total += c.length;
  const body = pool ? pool.take(total).subarray(0, total) : Buffer.allocUnsafe(total);
  let at = 0;
  for (const c of chunks) at += c.copy(body, at);
  releaseNow(freeable);
  chunks.length = 0;
  freeable.length = 0;
  return body;
}

/** Reads the body, undoing its Content-Encoding, refusing it as soon as a size limit is crossed; `onRead` gets the bytes as sent. */
function readBody(req: IncomingMessage, options: OtlpHttpOptions, pool: BufferPool | undefined, onRead: (sentBytes: number) => void): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > options.maxRequestBytes) {
    return Promise.reject(new RefusedError('too_large', `request body of ${declared} bytes exceeds the limit of ${options.maxRequestBytes} bytes`));
  }
  const contentEncoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const freeable: Buffer[] = [];
    let raw = 0;
    let inflated = 0;
    let done = false;
    let decoder: BodyDecoder | undefined;
    const finish = (err: Error | undefined, body?: Buffer) => {
      if (done) return;
      done = true;
      if (err) {
        decoder?.destroy();
        reject(err);
      } else {
        onRead(raw);
        resolve(body!);
      }
    };
    const collect = (chunk: Buffer, decoderDone: boolean) => {
      if (done) return;
      inflated += chunk.length;
      if (inflated > options.maxDecompressedBytes) {
        return finish(new RefusedError('too_large', `decompressed body exceeds the limit of ${options.maxDecompressedBytes} bytes`));
      }
      chunks.push(chunk);
      if (decoderDone) freeable.push(chunk);
    };
    try {
      decoder = bodyDecoder(contentEncoding, options.maxDecompressedBytes, {
        data: collect,
        error: (err) => finish(err),
        end: () => finish(undefined, joined(chunks, pool, freeable)),
      });
    } catch (err) {
      return finish(err as Error);
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      raw += chunk.length;
      if (raw > options.maxRequestBytes) return finish(new RefusedError('too_large', `request body exceeds the limit of ${options.maxRequestBytes} bytes`));
      // The parser's copy: the decoder has read it by the time it ends.
      if (decoder) {
        freeable.push(chunk);
        decoder.write(chunk);
      } else collect(chunk, true);
    });
    req.on('error', (err) => finish(err));
    req.on('aborted', () => finish(new RefusedError('bad_request', 'client aborted the request')));
    req.on('end', () => {
      if (done) return;
      if (decoder) decoder.end();
      else finish(undefined, joined(chunks, pool, freeable));
    });
  });
}
