import { describe, expect, it } from 'vitest';
import { SqlParams } from '../../compat/sql-params.js';
import { compileFilter } from './compile.js';
import { parseTraceQL } from './parser.js';

function compile(q: string) {
  const params = new SqlParams();
  const sql = compileFilter(parseTraceQL(q), { params, table: 'db.otel_traces', scope: 'SCOPE' });
  return { sql, params: params.values };
}

describe('compileFilter', () => {
  it('maps span and resource attributes to the maps, keys and values to params', () => {
    const { sql, params } = compile('{ span.gen_ai.request.model = "gpt-4o" && resource.deployment.environment != "dev" }');
    expect(sql).toBe(
      '((mapContains(SpanAttributes, {p0:String}) AND SpanAttributes[{p0:String}] = {p1:String}) AND ' +
        '(mapContains(ResourceAttributes, {p2:String}) AND ResourceAttributes[{p2:String}] != {p3:String}))',
    );
    expect(params).toEqual({ p0: 'gen_ai.request.model', p1: 'gpt-4o', p2: 'deployment.environment', p3: 'dev' });
  });

  it('uses the ServiceName column for resource.service.name and ORs both scopes for unscoped names', () => {
    expect(compile('{ resource.service.name = "api" }').sql).toBe("(ServiceName != '' AND ServiceName = {p0:String})");
    const { sql } = compile('{ .service.name = "api" }');
    expect(sql).toContain('SpanAttributes[{p0:String}]');
    expect(sql).toContain('ServiceName = {p2:String}');
    expect(sql).toMatch(/ OR /);
  });

  it('maps intrinsics to columns and enum values to the stored spellings', () => {
    const { sql, params } = compile('{ status = error && kind = client && duration > 1.5s && name =~ "chat.*" }');
    expect(sql).toContain('StatusCode = {p0:String}');
    expect(sql).toContain('SpanKind = {p1:String}');
    expect(sql).toContain('Duration > {p2:UInt64}');
    expect(sql).toContain('match(SpanName, {p3:String})');
    expect(params).toEqual({ p0: 'Error', p1: 'Client', p2: '1500000000', p3: '^(?:chat.*)$' });
  });

  it('compares numbers numerically and tests presence for nil', () => {
    expect(compile('{ span.http.status_code >= 500 }').sql).toBe(
      '(mapContains(SpanAttributes, {p0:String}) AND toFloat64OrNull(SpanAttributes[{p0:String}]) >= {p1:Float64})',
    );
    expect(compile('{ span.x = nil }').sql).toBe('NOT mapContains(SpanAttributes, {p0:String})');
  });

  it('compiles trace-level intrinsics to subqueries in the same scope', () => {
    const { sql } = compile('{ rootServiceName = "web" && traceDuration > 2s }');
    expect(sql).toContain("TraceId IN (SELECT TraceId FROM db.otel_traces WHERE SCOPE AND ParentSpanId = '' AND ServiceName = {p0:String})");
    expect(sql).toContain('HAVING max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) - min(toUnixTimestamp64Nano(Timestamp)) > {p1:Int64}');
  });

  it('never puts request text into the SQL: injection attempts come back as bound params', () => {
    const attempts = [
      `x' OR '1'='1`,
      `x\\' OR 1=1 --`,
      `"; DROP TABLE otel_traces; --`,
      `{evil:String}`,
      `') UNION SELECT * FROM system.users --`,
    ];
    for (const attempt of attempts) {
      const escaped = attempt.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      const { sql, params } = compile(`{ span."${escaped}" = "${escaped}" && name != "${escaped}" && .${'k'} =~ "${escaped}" }`);
      expect(sql).not.toContain(attempt);
      expect(sql).not.toMatch(/DROP|UNION|system\.users|'1'/);
      expect(Object.values(params)).toContain(attempt);
    }
  });
});
