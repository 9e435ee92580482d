/**
 * TEST DOUBLE — not a ClickHouse server. A small HTTP endpoint that answers
 * ClickHouse's HTTP interface by running the SQL on the embedded engine (chdb)
 * inside this process, so WatchLLM's server code path (`@clickhouse/client`'s real
 * HTTP transport) can be exercised where no ClickHouse server binary exists.
 *
 * Covers what clients send: the query in the `query=` URL parameter and/or the
 * POST body (for INSERT the URL holds the query and the body the data), multipart
 * bodies, `param_<name>` bind values, `database`, settings as URL parameters,
 * `default_format` / FORMAT, gzip/deflate/br request bodies and responses
 * (`enable_http_compression=1` + Accept-Encoding), basic auth and the
 * X-ClickHouse-User/Key headers, `/ping`, and errors in ClickHouse's shape
 * (`Code: N. DB::Exception: …` body, X-ClickHouse-Exception-Code header).
 * Binary insert formats (`INSERT … FORMAT Native|RowBinary…` with the data as the
 * body) go to the engine through a temporary file, the way chdb takes binary input.
 * Not covered: sessions (`session_id`), ClickHouse's native `compress=1` block format.
 *
 * `pause()` closes the listener and every open connection (a store outage);
 * `resume()` listens on the same port again. `loseAnswers()` runs the next matching
 * statements and then drops the connection instead of answering: the write happened,
 * the client can't know (what a timeout or a network cut looks like to it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { EngineError, EnginePool, sqlString, toEngineError, type EngineRequest } from './clickhouse-double-engine.js';

export interface ClickHouseHttpDoubleOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  user?: string;
  password?: string;
}

export interface ClickHouseHttpDouble {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Requests answered so far (any outcome). */
  readonly requests: number;
  /** Refuses new connections and drops open ones, in-flight requests included. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** The next `count` statements matching `pattern` run, then their connection is dropped unanswered. */
  loseAnswers(count: number, pattern: RegExp): void;
  /** Answers lost so far by `loseAnswers`. */
  readonly lostAnswers: number;
  stop(): Promise<void>;
}

/** URL parameters that belong to the HTTP layer, not to the engine's settings. */
const HTTP_LAYER_PARAMS = new Set([
  'query',
  'query_id',
  'database',
  'default_format',
  'user',
  'password',
  'quota_key',
  'session_id',
  'session_timeout',
  'session_check',
  'role',
  'buffer_size',
  'wait_end_of_query',
  'stacktrace',
  'enable_http_compression',
  'send_progress_in_http_headers',
]);

const DECOMPRESS: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};
const COMPRESS: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gzip),
  deflate: promisify(zlib.deflate),
  br: promisify(zlib.brotliCompress),
};

/** HTTP status ClickHouse answers for an exception code (everything else is 500). */
function statusFor(code: number): number {
  if (code === 516 || code === 194) return 401;
  if (code === 60 || code === 81) return 404;
  if (code === 62 || code === 27 || code === 26 || code === 456 || code === 457) return 400;
  return 500;
}

function credentials(req: IncomingMessage, url: URL): { user: string; password: string } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? { user: decoded, password: '' } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const user = req.headers['x-clickhouse-user'] ?? url.searchParams.get('user') ?? 'default';
  const password = req.headers['x-clickhouse-key'] ?? url.searchParams.get('password') ?? '';
  return { user: String(user), password: String(password) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = req.headers['content-encoding']?.toLowerCase();
  if (!encoding || encoding === 'identity') return raw;
  const inflate = DECOMPRESS[encoding];
  if (!inflate) throw new EngineError(1001, 'STD_EXCEPTION', `Unknown HTTP content encoding ${encoding}`);
  try {
    return await inflate(raw);
  } catch (err) {
    throw new EngineError(354, 'ZLIB_INFLATE_FAILED', `inflate failed: ${(err as Error).message}`);
  }
}

/** `INSERT INTO t [(cols)] FORMAT <binary format>` in the URL: the body is binary data, not SQL text. */
const BINARY_INSERT = /^\s*INSERT\s+INTO\s+([A-Za-z0-9_.`]+)\s+FORMAT\s+(Native|RowBinary|RowBinaryWithNamesAndTypes)\s*;?\s*$/i;

/** Query text and bind values from the URL, plus a plain or multipart body (or binary insert data). */
async function parseRequest(req: IncomingMessage, url: URL, body: Buffer, scratchDir: string): Promise<EngineRequest & { scratchFile?: string }> {
  const params: Record<string, string> = {};
  const settings: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key.startsWith('param_')) params[key.slice(6)] = value;
    else if (key === 'compress' || key === 'decompress') {
      if (value !== '0') throw new EngineError(48, 'NOT_IMPLEMENTED', `${key}=1 (native block compression) is not supported by this test double`);
    } else if (!HTTP_LAYER_PARAMS.has(key) && !key.startsWith('http_')) settings[key] = value;
  }
  let urlQuery = url.searchParams.get('query') ?? '';
  const binary = BINARY_INSERT.exec(urlQuery);
  if (binary && body.length) {
    const scratchFile = join(scratchDir, `${randomUUID()}.${binary[2].toLowerCase()}`);
    await writeFile(scratchFile, body);
    const sql = `INSERT INTO ${binary[1]} SELECT * FROM file(${sqlString(scratchFile)}, ${sqlString(binary[2])})`;
    return { sql, params, settings, database: url.searchParams.get('database') ?? undefined, defaultFormat: 'TabSeparated', scratchFile };
  }
  let data = body.toString('utf8');
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    data = '';
    for (const [key, value] of form) {
      const text = typeof value === 'string' ? value : await value.text();
      if (key === 'query') urlQuery = urlQuery ? `${urlQuery}\n${text}` : text;
      else if (key.startsWith('param_')) params[key.slice(6)] = text;
    }
  }
  // As ClickHouse does: the URL's query, a newline, then the body.
  const sql = urlQuery && data ? `${urlQuery}\n${data}` : urlQuery || data;
  const database = url.searchParams.get('database') ?? undefined;
  return { sql, params, settings, database, defaultFormat: url.searchParams.get('default_format') ?? 'TabSeparated' };
}

function contentTypeFor(format: string): string {
  return /^JSON/i.test(format) ? 'application/json; charset=UTF-8' : 'text/plain; charset=UTF-8';
}

function acceptedEncoding(req: IncomingMessage): string | undefined {
  const accept = String(req.headers['accept-encoding'] ?? '').toLowerCase();
  return Object.keys(COMPRESS).find((name) => accept.split(',').some((part) => part.trim().split(';')[0] === name));
}

export async function startClickHouseHttpDouble(options: ClickHouseHttpDoubleOptions): Promise<ClickHouseHttpDouble> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const scratchDir = join(dataDir, 'binary-inserts');
  mkdirSync(scratchDir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const user = options.user ?? 'default';
  const password = options.password ?? '';
  const sockets = new Set<Socket>();
  const inFlight = new Set<Promise<void>>();
  const engine = new EnginePool(dataDir);
  let requests = 0;
  let lost = { left: 0, pattern: /$^/, total: 0 };

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const queryId = url.searchParams.get('query_id') || randomUUID();
    res.setHeader('X-ClickHouse-Query-Id', queryId);
    res.setHeader('X-ClickHouse-Timezone', 'UTC');
    res.setHeader('X-ClickHouse-Server-Display-Name', 'clickhouse-http-double');
    try {
      if (req.method === 'GET' && (url.pathname === '/ping' || (url.pathname === '/' && !url.searchParams.has('query')))) {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
        return;
      }
      if (url.pathname !== '/') throw new EngineError(1001, 'STD_EXCEPTION', `There is no handle ${url.pathname}`);
      const who = credentials(req, url);
      if (who.user !== user || who.password !== password) {
        throw new EngineError(516, 'AUTHENTICATION_FAILED', `${who.user}: Authentication failed: password is incorrect, or there is no user with such name`);
      }
      const request = await parseRequest(req, url, await readBody(req), scratchDir);
      const result = await engine.run(request).finally(() => request.scratchFile && unlink(request.scratchFile).catch(() => {}));
      if (lost.left > 0 && lost.pattern.test(request.sql)) {
        lost.left--;
        lost.total++;
        req.socket.destroy();
        return;
      }
      const encoding = url.searchParams.get('enable_http_compression') === '1' ? acceptedEncoding(req) : undefined;
      const body = encoding ? await COMPRESS[encoding]!(result.body) : result.body;
      res.writeHead(200, {
        'Content-Type': contentTypeFor(result.format),
        'X-ClickHouse-Format': result.format,
        'X-ClickHouse-Summary': JSON.stringify(result.summary),
        ...(encoding ? { 'Content-Encoding': encoding } : {}),
      });
      res.end(body);
    } catch (err) {
      const e = toEngineError(err);
      if (res.headersSent || res.destroyed) return;
      res.writeHead(statusFor(e.code), { 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Exception-Code': String(e.code) });
      res.end(e.wireText);
    } finally {
      requests++;
    }
  }

  const server = createServer((req, res) => {
    const done = answer(req, res).catch(() => {
      res.destroy();
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<number>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => {
        server.off('error', fail);
        ok((server.address() as { port: number }).port);
      });
    });
  const close = () =>
    new Promise<void>((ok) => {
      if (!server.listening) return ok();
      server.close(() => ok());
      for (const s of sockets) s.destroy();
    });

  const port = await listen(options.port ?? 0);
  let stopped = false;
  return {
    url: `http://${host}:${port}`,
    port,
    get requests() {
      return requests;
    },
    get lostAnswers() {
      return lost.total;
    },
    loseAnswers: (count, pattern) => {
      lost = { left: count, pattern, total: lost.total };
    },
    pause: close,
    resume: async () => {
      if (!stopped && !server.listening) await listen(port);
    },
    stop: async () => {
      stopped = true;
      await close();
      // Let engine calls already started finish before the process may exit.
      await Promise.allSettled([...inFlight]);
      engine.close();
    },
  };
}
