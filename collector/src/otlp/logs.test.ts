import { describe, expect, it } from 'vitest';
import { bothEncodings } from '../../test/both-encodings.js';
import { countLogRecords } from '../model/logs.js';
import { readLogsRequest } from './logs.js';
import { ExportLogsServiceRequest } from './proto.js';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

const request = (id: (hex: string) => unknown) => ({
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'chat' } }] },
      schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
      scopeLogs: [
        {
          scope: { name: 'genai', version: '1.0', attributes: [{ key: 'lib', value: { boolValue: true } }] },
          logRecords: [
            {
              timeUnixNano: '1764806400123456789',
              observedTimeUnixNano: '1764806400200000000',
              severityNumber: 9,
              severityText: 'INFO',
              eventName: 'gen_ai.user.message',
              body: { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'hi' } }] } },
              attributes: [{ key: 'gen_ai.system', value: { stringValue: 'openai' } }, { key: 'n', value: { intValue: '3' } }],
              flags: 1,
              traceId: id(TRACE),
              spanId: id(SPAN),
            },
            // Older instrumentations name the event with an attribute; no span context.
            {
              observedTimeUnixNano: '1764806400300000000',
              body: { stringValue: 'plain text' },
              attributes: [{ key: 'event.name', value: { stringValue: 'gen_ai.choice' } }],
            },
            { body: { stringValue: 'bad ids' }, traceId: id('abcd'), spanId: id(SPAN) },
          ],
        },
      ],
    },
  ],
});

describe.each(['json', 'protobuf'] as const)('logs walker over %s', (encoding) => {
  const { message, reader } = bothEncodings(ExportLogsServiceRequest, request)[encoding];
  const batch = readLogsRequest(message, reader, 'proj');

  it('keeps resource, scope and schema URLs', () => {
    const rl = batch.resourceLogs[0];
    expect(batch.projectId).toBe('proj');
    expect(rl.resource.attributes.values['service.name']).toBe('chat');
    expect(rl.resource.schemaUrl).toBe('https://opentelemetry.io/schemas/1.30.0');
    expect(rl.scopeLogs[0].scope).toMatchObject({ name: 'genai', version: '1.0', attributes: { values: { lib: true }, types: { lib: 'bool' } } });
  });

  it('reads every record field, with ids, event name and a structured body', () => {
    const [first, second] = batch.resourceLogs[0].scopeLogs[0].logRecords;
    expect(first).toEqual({
      timeUnixNano: '1764806400123456789',
      observedTimeUnixNano: '1764806400200000000',
      severityNumber: 9,
      severityText: 'INFO',
      body: { content: 'hi' },
      bodyType: 'kvlist',
      attributes: { values: { 'gen_ai.system': 'openai', n: 3 }, types: { n: 'int' } },
      flags: 1,
      traceId: TRACE,
      spanId: SPAN,
      eventName: 'gen_ai.user.message',
    });
    expect(second).toMatchObject({ timeUnixNano: '0', body: 'plain text', bodyType: undefined, traceId: '', spanId: '', eventName: 'gen_ai.choice' });
  });

  it('rejects a record with a malformed trace id and says why', () => {
    expect(countLogRecords(batch)).toBe(2);
    expect(batch.rejectedLogRecords).toBe(1);
    expect(batch.rejectionReasons[0]).toMatch(/logRecords\[2\]: traceId must be empty or 16 bytes/);
  });
});

describe('logs walker edge cases', () => {
  it('rejects a record whose time the store cannot hold, naming the field', () => {
    for (const { message, reader } of Object.values(
      bothEncodings(ExportLogsServiceRequest, (id) => ({
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ observedTimeUnixNano: '9223372036854775808', traceId: id(TRACE) }, { timeUnixNano: '1764806400123456789' }] }] }],
      })),
    )) {
      const batch = readLogsRequest(message, reader, 'p');
      expect(countLogRecords(batch)).toBe(1);
      expect(batch.rejectionReasons).toEqual([expect.stringMatching(/logRecords\[0\]: observedTimeUnixNano 9223372036854775808 is past 2262-04-11/)]);
    }
  });

  it('treats all-zero ids as "no span" and a missing body as empty', () => {
    const { message, reader } = bothEncodings(ExportLogsServiceRequest, (id) => ({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: id('0'.repeat(32)), spanId: id('0'.repeat(16)) }] }] }],
    })).protobuf;
    const record = readLogsRequest(message, reader, 'p').resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record).toMatchObject({ traceId: '', spanId: '', body: '', bodyType: undefined });
  });

  it('names the path of a JSON type error', () => {
    const { message, reader } = bothEncodings(ExportLogsServiceRequest, () => ({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityText: 5 }] }] }],
    })).json;
    expect(() => readLogsRequest(message, reader, 'p')).toThrow('resourceLogs[0].scopeLogs[0].logRecords[0].severityText: expected string, got number');
  });
});
