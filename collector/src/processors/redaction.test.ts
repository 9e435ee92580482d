import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LogRecord, LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { AttrValue, TracesBatch, TypedAttributes } from '../model/types.js';
import { attrs, scopeInfo, testLogRecord, testSpan } from '../../test/model-fixtures.js';
import { compilePattern, createRedactionProcessor, replaceMatches, type RedactionConfig } from './redaction.js';

const BASE: RedactionConfig = {
  allowAllKeys: true,
  allowedKeys: [],
  ignoredKeys: [],
  ignoredKeyPatterns: [],
  blockedKeyPatterns: [],
  blockedValues: [],
  allowedValues: [],
  redactAllTypes: false,
  summary: 'silent',
};

const scope = () => scopeInfo('s', '');

function traces(spanAttributes: TypedAttributes, resource = attrs({ 'service.name': 'svc' }), eventAttributes?: TypedAttributes): TracesBatch {
  const span = testSpan('chat', 3, spanAttributes, eventAttributes ? [{ timeUnixNano: '1', name: 'e', attributes: eventAttributes }] : []);
  return { projectId: 'default', resourceSpans: [{ resource, scopeSpans: [{ scope: scope(), spans: [span] }] }], rejectedSpans: 0, rejectionReasons: [] };
}

const redact = (config: Partial<RedactionConfig>, a: TypedAttributes) => {
  const batch = traces(a);
  createRedactionProcessor({ ...BASE, ...config }).processTraces(batch);
  return batch.resourceSpans[0].scopeSpans[0].spans[0].attributes;
};

describe('redaction processor: keys', () => {
  it('keeps only allowed keys when allow_all_keys is off, and lists what it removed (summary debug)', () => {
    const a = redact({ allowAllKeys: false, allowedKeys: ['gen_ai.request.model', 'id'], summary: 'debug' }, attrs({ 'gen_ai.request.model': 'gpt-4o', id: 7, 'user.email': 'a@b.c', birth_date: '1990' }, { id: 'int' }));
    expect(a.values).toEqual({ 'gen_ai.request.model': 'gpt-4o', id: 7, 'redaction.redacted.keys': 'birth_date,user.email', 'redaction.redacted.count': 2 });
    expect(a.types).toEqual({ id: 'int', 'redaction.redacted.count': 'int' });
  });

  it('with nothing configured removes every attribute, as the contrib processor fails closed', () => {
    const batch = traces(attrs({ a: '1' }), attrs({ 'service.name': 'svc' }));
    createRedactionProcessor({ ...BASE, allowAllKeys: false }).processTraces(batch);
    expect(batch.resourceSpans[0].scopeSpans[0].spans[0].attributes.values).toEqual({});
    expect(batch.resourceSpans[0].resource.values).toEqual({});
  });

  it('masks the whole value of keys matching blocked_key_patterns, non-string values included', () => {
    const a = redact({ blockedKeyPatterns: ['.*token.*', '(?i)API_KEY'], summary: 'info' }, attrs({ 'auth.token': 'abc', 'openai.api_key': 'sk-1', 'gen_ai.usage.input_tokens': 12, other: 'x' }, { 'gen_ai.usage.input_tokens': 'int' }));
    expect(a.values).toEqual({ 'auth.token': '****', 'openai.api_key': '****', 'gen_ai.usage.input_tokens': '****', other: 'x', 'redaction.masked.count': 3 });
    expect(a.types).toEqual({ 'redaction.masked.count': 'int' });
  });

  it('leaves ignored keys (by name or pattern) untouched and counts them', () => {
    const a = redact(
      { allowAllKeys: false, ignoredKeys: ['safe'], ignoredKeyPatterns: ['^gen_ai\\.'], blockedValues: ['secret'], summary: 'info' },
      attrs({ safe: 'secret', 'gen_ai.input.messages': 'secret', gone: 'y' }),
    );
    expect(a.values).toEqual({ safe: 'secret', 'gen_ai.input.messages': 'secret', 'redaction.redacted.count': 1, 'redaction.ignored.count': 2 });
  });
});

describe('redaction processor: values', () => {
  const CARD = '4[0-9]{12}(?:[0-9]{3})?';
  const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';

  it('masks the matching parts of a value, inside GenAI messages too, and keeps the JSON readable', () => {
    const messages = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'I am bob@example.com, card 4111111111111111, call me' }] }]);
    const a = redact({ blockedValues: [CARD, EMAIL], summary: 'debug' }, attrs({ 'gen_ai.input.messages': messages, note: 'nothing here' }));
    expect(JSON.parse(a.values['gen_ai.input.messages'] as string)[0].parts[0].content).toBe('I am ****, card ****, call me');
    expect(a.values.note).toBe('nothing here');
    expect(a.values['redaction.masked.keys']).toBe('gen_ai.input.messages');
    expect(a.values['redaction.masked.count']).toBe(1);
  });

  it('allowed_values wins over blocked_values', () => {
    const a = redact({ blockedValues: [EMAIL], allowedValues: ['.+@mycompany\\.com'], summary: 'debug' }, attrs({ staff: 'ann@mycompany.com', customer: 'joe@gmail.com' }));
    expect(a.values).toMatchObject({ staff: 'ann@mycompany.com', customer: '****', 'redaction.allowed.keys': 'staff', 'redaction.allowed.count': 1 });
  });

  it('checks non-string values only with redact_all_types, by their string form', () => {
    const input = () => attrs({ card: 4111111111111111, flag: true }, { card: 'int', flag: 'bool' });
    expect(redact({ blockedValues: [CARD] }, input()).values).toEqual({ card: 4111111111111111, flag: true });
    const a = redact({ blockedValues: [CARD], redactAllTypes: true }, input());
    expect(a.values).toEqual({ card: '****', flag: true });
    expect(a.types).toEqual({ flag: 'bool' });
  });

  it('hashes what it masks with hash_function: equal values stay equal', () => {
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    expect(redact({ blockedValues: [EMAIL], hashFunction: 'md5' }, attrs({ a: 'to bob@x.io' })).values.a).toBe(`to ${md5('bob@x.io')}`);
    expect(redact({ blockedKeyPatterns: ['a'], hashFunction: 'sha3' }, attrs({ a: 'v' })).values.a).toBe(createHash('sha3-256').update('v').digest('hex'));
    const key = 'k'.repeat(32);
    expect(redact({ blockedValues: ['v'], hashFunction: 'hmac-sha256', hmacKey: key }, attrs({ a: 'v' })).values.a).toBe(createHmac('sha256', key).update('v').digest('hex'));
  });

  it('adds to a summary an earlier redaction processor left', () => {
    const batch = traces(attrs({ a: 'x1', b: 'x2' }));
    createRedactionProcessor({ ...BASE, blockedValues: ['1'], summary: 'debug' }).processTraces(batch);
    createRedactionProcessor({ ...BASE, blockedValues: ['2'], summary: 'debug' }).processTraces(batch);
    expect(batch.resourceSpans[0].scopeSpans[0].spans[0].attributes.values).toMatchObject({ a: 'x****', b: 'x****', 'redaction.masked.keys': 'a,b', 'redaction.masked.count': 2 });
  });

  it('covers resource, scope and event attributes; summary silent adds nothing', () => {
    const batch = traces(attrs({ a: 'secret' }), attrs({ 'host.name': 'secret-host' }), attrs({ 'exception.message': 'secret!' }));
    batch.resourceSpans[0].scopeSpans[0].scope.attributes = attrs({ s: 'secret' });
    createRedactionProcessor({ ...BASE, blockedValues: ['secret'] }).processTraces(batch);
    const rs = batch.resourceSpans[0];
    expect(rs.resource.values).toEqual({ 'host.name': '****-host' });
    expect(rs.scopeSpans[0].scope.attributes.values).toEqual({ s: '****' });
    expect(rs.scopeSpans[0].spans[0].attributes.values).toEqual({ a: '****' });
    expect(rs.scopeSpans[0].spans[0].events[0].attributes.values).toEqual({ 'exception.message': '****!' });
  });

  it('matches in linear time: a pattern that backtracks exponentially in a JS RegExp finishes at once', () => {
    const hostile = `${'a'.repeat(50_000)}!`;
    const a = redact({ blockedValues: ['(a+)+$'] }, attrs({ v: hostile }));
    expect(a.values.v).toBe(hostile);
  });

  it('follows Go for empty matches, so contrib patterns mask the same text', () => {
    const dash = () => '-';
    expect(replaceMatches(compilePattern('x*'), 'abc', dash)).toBe('-a-b-c-');
    expect(replaceMatches(compilePattern('a*'), 'baaac', dash)).toBe('-b-c-');
    expect(replaceMatches(compilePattern('é+'), 'caféé ok', dash)).toBe('caf- ok');
    expect(() => compilePattern('(a')).toThrow(/invalid regular expression "\(a": .*missing closing \)/);
  });
});

describe('redaction processor: logs and metrics', () => {
  const record = (body: AttrValue, bodyType: LogRecord['bodyType'], attributes = attrs({})): LogRecord => testLogRecord(9, body, bodyType, attributes);
  const logs = (...records: LogRecord[]): LogsBatch => ({
    projectId: 'default',
    resourceLogs: [{ resource: { attributes: attrs({ 'service.name': 'svc' }), schemaUrl: '' }, scopeLogs: [{ scope: scopeInfo(), logRecords: records }] }],
    rejectedLogRecords: 0,
    rejectionReasons: [],
  });

  it('masks a string body and a structured body field by field, naming the fields by path', () => {
    const text = record('login by bob@x.io failed', undefined);
    const structured = record({ role: 'user', content: 'mail bob@x.io', meta: { password: 'hunter2', ssn: '123-45-6789' }, parts: ['bob@x.io', 3] }, 'kvlist', attrs({ 'user.email': 'bob@x.io' }));
    const batch = logs(text, structured);
    createRedactionProcessor({ ...BASE, allowAllKeys: false, allowedKeys: ['role', 'content', 'meta', 'parts', 'password', 'user.email'], blockedKeyPatterns: ['password'], blockedValues: ['[a-z]+@[a-z.]+'], summary: 'debug' }).processLogs(batch);
    expect(text.body).toBe('login by **** failed');
    expect(text.attributes.values).toEqual({ 'redaction.body.masked.keys': 'body', 'redaction.body.masked.count': 1 });
    expect(structured.body).toEqual({ role: 'user', content: 'mail ****', meta: { password: '****' }, parts: ['****', 3] });
    expect(structured.bodyType).toBe('kvlist');
    expect(structured.attributes.values).toEqual({
      'user.email': '****',
      'redaction.masked.keys': 'user.email',
      'redaction.masked.count': 1,
      'redaction.body.redacted.keys': 'meta.ssn',
      'redaction.body.redacted.count': 1,
      'redaction.body.masked.keys': 'content,meta.password,parts.[0]',
      'redaction.body.masked.count': 3,
    });
  });

  it('covers data point attributes and reports what it did', () => {
    const point = { attributes: attrs({ 'user.id': 'bob@x.io', route: '/a' }), startTimeUnixNano: '0', timeUnixNano: '1', flags: 0, value: 1, exemplars: [] };
    const batch: MetricsBatch = {
      projectId: 'default',
      resourceMetrics: [{ resource: { attributes: attrs({}), schemaUrl: '' }, scopeMetrics: [{ scope: scopeInfo(), metrics: [{ name: 'm', description: '', unit: '', data: { kind: 'gauge', points: [point] } }] }] }],
      rejectedDataPoints: 0,
      rejectionReasons: [],
    };
    const reports: unknown[] = [];
    createRedactionProcessor({ ...BASE, allowAllKeys: false, allowedKeys: ['user.id'], blockedValues: ['@.*'] }, (signal, counts) => reports.push({ signal, ...counts })).processMetrics(batch);
    expect(point.attributes.values).toEqual({ 'user.id': 'bob****' });
    expect(reports).toEqual([{ signal: 'metrics', removed: 1, masked: 1 }]);
  });
});
