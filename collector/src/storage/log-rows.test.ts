import { describe, expect, it } from 'vitest';
import type { LogRecord, LogsBatch } from '../model/logs.js';
import { logRows } from './log-rows.js';
import { float } from './metric-rows.js';

const record = (over: Partial<LogRecord>): LogRecord => ({
  timeUnixNano: '0',
  observedTimeUnixNano: '1764806400500000000',
  severityNumber: 0,
  severityText: '',
  body: '',
  bodyType: undefined,
  attributes: { values: {}, types: undefined },
  flags: 0x101,
  traceId: '',
  spanId: '',
  eventName: '',
  ...over,
});

const batch = (records: LogRecord[]): LogsBatch => ({
  projectId: 'p1',
  resourceLogs: [
    {
      resource: { attributes: { values: { 'service.name': 'svc', 'host.cpus': 4 }, types: { 'host.cpus': 'int' } }, schemaUrl: 'r-url' },
      scopeLogs: [
        {
          scope: { name: 's', version: '1', attributes: { values: { 'lib.flag': true }, types: { 'lib.flag': 'bool' } }, droppedAttributesCount: 0, schemaUrl: 's-url' },
          logRecords: records,
        },
      ],
    },
  ],
  rejectedLogRecords: 0,
  rejectionReasons: [],
});

describe('otel_logs rows', () => {
  it('falls back to the observed time and keeps only the low 8 bits of flags (W3C trace flags)', () => {
    const [row] = logRows(batch([record({})]));
    expect(row).toMatchObject({ Timestamp: '1764806400.500000000', TraceFlags: 1, ServiceName: 'svc', ProjectId: 'p1', ResourceSchemaUrl: 'r-url', ScopeSchemaUrl: 's-url' });
  });

  it('records the type of non-string bodies and attributes at every level', () => {
    const [row] = logRows(
      batch([record({ body: 42, bodyType: 'int', attributes: { values: { ok: true }, types: { ok: 'bool' } } })]),
    );
    expect(row.Body).toBe('42');
    expect(row.AttributeTypes).toEqual({ body: 'int', 'r.host.cpus': 'int', 'sc.lib.flag': 'bool', 'l.ok': 'bool' });
    expect(row.ResourceAttributes).toEqual({ 'service.name': 'svc', 'host.cpus': '4' });
    expect(row.ScopeAttributes).toEqual({ 'lib.flag': 'true' });
  });

  it('stores array bodies as JSON and string bodies as they are', () => {
    const rows = logRows(batch([record({ body: ['a', 1], bodyType: 'array' }), record({ body: '{"not":"parsed"}' })]));
    expect(rows.map((r) => r.Body)).toEqual(['["a",1]', '{"not":"parsed"}']);
    expect(rows[1].AttributeTypes).not.toHaveProperty('body');
  });
});

describe('metric values', () => {
  it('spells non-finite floats the way ClickHouse reads them from JSON', () => {
    expect([float(1.5), float(NaN), float(Infinity), float(-Infinity)]).toEqual([1.5, 'nan', 'inf', '-inf']);
  });
});
