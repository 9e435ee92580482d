/**
 * TEST DOUBLE — engine side of the ClickHouse HTTP test double
 * (see clickhouse-http-double.ts). Runs one HTTP request's SQL on the embedded
 * engine (chdb) with the request's settings, bind values and database, and
 * shapes engine errors the way ClickHouse's HTTP handler reports them.
 * Not production code: nothing under src/ may import it.
 */
import { Session, type ChdbResult } from 'chdb';

export interface EngineRequest {
  /** Full statement text; for INSERT … FORMAT X the data follows on the next line. */
  sql: string;
  /** `{name:Type}` bind values exactly as sent in `param_<name>` (escaped text form). */
  params: Record<string, string>;
  settings: Record<string, string>;
  database?: string;
  /** Output format when the statement has no FORMAT clause (HTTP default: TabSeparated). */
  defaultFormat: string;
}

export interface EngineResult {
  body: Buffer;
  format: string;
  summary: Record<string, string>;
}

/** A ClickHouse error as the server reports it: numeric code, name and message. */
export class EngineError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  /** The body ClickHouse's HTTP handler writes for an exception. */
  get wireText(): string {
    return `Code: ${this.code}. DB::Exception: ${this.message}. (${this.type})\n`;
  }
}

/**
 * Where the embedded engine's defaults differ from a ClickHouse server's, a request starts
 * from the server's, so code that only works embedded fails here too.
 */
export const SERVER_DEFAULTS: Record<string, string> = {
  date_time_input_format: 'basic',
  implicit_select: '0',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A SQL string literal whose content is exactly `value` (backslash escapes, as ClickHouse parses them). */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Session-scoped statements that give the request its context. `SET param_x = '…'`
 * hands the engine the raw `param_x` text, which it parses by the placeholder's type
 * exactly as the HTTP handler does (chdb's JS binder would escape it a second time).
 */
export function contextStatements(req: Pick<EngineRequest, 'params' | 'settings' | 'database'>): string[] {
  const out: string[] = [];
  if (req.database !== undefined) {
    if (!IDENTIFIER.test(req.database)) throw new EngineError(81, 'UNKNOWN_DATABASE', `Database ${req.database} does not exist`);
    out.push(`USE ${req.database}`);
  }
  for (const [name, value] of Object.entries({ ...SERVER_DEFAULTS, ...req.settings })) {
    if (!IDENTIFIER.test(name)) throw new EngineError(115, 'UNKNOWN_SETTING', `Unknown setting '${name}'`);
    out.push(`SET ${name} = ${NUMBER.test(value) ? value : sqlString(value)}`);
  }
  for (const [name, value] of Object.entries(req.params)) {
    if (!IDENTIFIER.test(name)) throw new EngineError(456, 'UNKNOWN_QUERY_PARAMETER', `Bad query parameter name '${name}'`);
    out.push(`SET param_${name} = ${sqlString(value)}`);
  }
  return out;
}

/** The FORMAT clause ending a query, if any: what the response body is in. */
export function declaredFormat(sql: string): string | undefined {
  if (/^\s*INSERT\b/i.test(sql)) return undefined;
  return /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i.exec(sql)?.[1];
}

const ERROR_TEXT = /^Code: (\d+)\. DB::Exception: ([\s\S]*?)\.? \(([A-Z][A-Z_0-9]*)\)\s*$/;

export function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const m = ERROR_TEXT.exec(text);
  return m ? new EngineError(Number(m[1]), m[3], m[2]) : new EngineError(1001, 'STD_EXCEPTION', text);
}

/**
 * Runs requests on the engine. Opening a session costs ~200 ms once the data dir
 * holds a schema, so sessions are pooled; each request has one to itself and its
 * settings and current database are reset afterwards, so they never leak into the
 * next request (ClickHouse HTTP without session_id behaves so). Bind values can't be
 * unset: a later request that uses a placeholder it did not bind may see an old value
 * where ClickHouse would refuse — clients always bind what they reference.
 */
export class EnginePool {
  private readonly idle: Session[] = [];
  private readonly busy = new Set<Session>();
  private closed = false;

  constructor(private readonly dataDir: string) {}

  async run(req: EngineRequest): Promise<EngineResult> {
    if (this.closed) throw new EngineError(1001, 'STD_EXCEPTION', 'server is shutting down');
    if (req.sql.trim() === '') throw new EngineError(62, 'SYNTAX_ERROR', 'Empty query');
    const format = declaredFormat(req.sql) ?? req.defaultFormat;
    const setup = contextStatements(req);
    const session = this.idle.pop() ?? new Session(this.dataDir);
    this.busy.add(session);
    try {
      if (setup.length) await session.queryAsync(setup.join('; '), { format: 'TabSeparated' });
      const result: ChdbResult = await session.queryAsync(req.sql, { format: req.defaultFormat });
      const bytes = result.bytes();
      return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), format, summary: summaryOf(result) };
    } catch (err) {
      throw toEngineError(err);
    } finally {
      this.busy.delete(session);
      await this.release(session, Object.keys({ ...SERVER_DEFAULTS, ...req.settings }), req.database !== undefined);
    }
  }

  /** Closes every session; call once no request is running. */
  close(): void {
    this.closed = true;
    for (const s of [...this.idle, ...this.busy]) s.close();
    this.idle.length = 0;
  }

  private async release(session: Session, settings: string[], changedDatabase: boolean): Promise<void> {
    const reset = settings.map((name) => `SET ${name} = DEFAULT`);
    if (changedDatabase) reset.push('USE default');
    try {
      if (reset.length) await session.queryAsync(reset.join('; '), { format: 'TabSeparated' });
      if (this.closed) session.close();
      else this.idle.push(session);
    } catch {
      // A setting the engine refused can't be reset either: retire the session.
      session.close();
    }
  }
}

function summaryOf(r: ChdbResult): Record<string, string> {
  const rows = String(r.rowsRead ?? 0);
  const bytes = String(r.bytesRead ?? 0);
  return {
    read_rows: rows,
    read_bytes: bytes,
    written_rows: '0',
    written_bytes: '0',
    total_rows_to_read: rows,
    result_rows: rows,
    result_bytes: bytes,
    elapsed_ns: String(Math.round((r.elapsed ?? 0) * 1e9)),
  };
}
