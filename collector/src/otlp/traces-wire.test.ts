import { describe, expect, it } from 'vitest';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { OtlpDecodeError } from './errors.js';
import { protobufLeafReader } from './leaf-readers.js';
import { ExportTraceServiceRequest } from './proto.js';
import { readTracesRequest } from './traces.js';
import { decodeTracesProtobuf } from './traces-wire.js';

const encode = (o: object) => Buffer.from(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(o)).finish());
/** What the protobufjs path makes of the same bytes: the reference. */
const viaProtobufjs = (b: Uint8Array) => readTracesRequest(ExportTraceServiceRequest.decode(b), protobufLeafReader, 'p1');

const hex = (h: string) => Buffer.from(h, 'hex');
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });

function richRequest(): object {
  const nested = { kvlistValue: { values: [str('a', 'b'), { key: 'n', value: { arrayValue: { values: [{ intValue: 1 }, { boolValue: true }, { doubleValue: 2.5 }, {}] } } }] } };
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'svc'), { key: 'host.cpus', value: { intValue: 8 } }], droppedAttributesCount: 2 },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        scopeSpans: [
          {
            scope: { name: 'lib', version: '1.2.3', attributes: [str('scope.attr', 'x')] },
            spans: [
              {
                traceId: hex('0102030405060708090a0b0c0d0e0f10'),
                spanId: hex('1112131415161718'),
                parentSpanId: hex('0000000000000000'),
                traceState: 'k=v',
                name: 'chat gpt-4o — ünïcødé 🚀',
                kind: 3,
                startTimeUnixNano: '1796413938129000001',
                endTimeUnixNano: '1796413939129000002',
                attributes: [
                  str('gen_ai.request.model', 'gpt-4o'),
                  { key: 'big', value: { intValue: '9007199254740993' } },
                  { key: 'neg', value: { intValue: -42 } },
                  { key: 'minint', value: { intValue: '-9223372036854775808' } },
                  { key: 'flag', value: { boolValue: false } },
                  { key: 'ratio', value: { doubleValue: -0.125 } },
                  { key: 'blob', value: { bytesValue: Buffer.from([0, 1, 2, 250]) } },
                  { key: 'empty', value: {} },
                  { key: 'novalue' },
                  { key: 'nested', value: nested },
                  // A later duplicate replaces the value and its type.
                  { key: 'dup', value: { intValue: 1 } },
                  str('dup', 'now a string'),
                  str('', 'empty key'),
                ],
                droppedAttributesCount: 1,
                events: [
                  { timeUnixNano: '1796413938500000000', name: 'gen_ai.content.prompt', attributes: [str('gen_ai.prompt', 'hi')] },
                  { name: 'no time' },
                ],
                links: [{ traceId: hex('a1a2a3a4a5a6a7a8a9aaabacadaeaf00'), spanId: hex('b1b2b3b4b5b6b7b8'), traceState: 't', attributes: [str('l', '1')], flags: 1 }],
                status: { code: 2, message: 'boom' },
                flags: 257,
              },
              // Rejected: short trace id; another with a zero span id.
              { traceId: hex('0102'), spanId: hex('1112131415161718'), name: 'bad' },
              { traceId: hex('0102030405060708090a0b0c0d0e0f10'), spanId: hex('0000000000000000'), name: 'bad2' },
              { traceId: hex('0102030405060708090a0b0c0d0e0f10'), spanId: hex('2122232425262728'), kind: 9, status: { code: 7 } },
            ],
          },
          {},
        ],
      },
      {
        resource: {},
        scopeSpans: [
          {
            scope: { name: 'second' },
            spans: [
              // Rejected: past the latest time the store holds (2262-04-11); the next one is that time.
              { traceId: hex('ffffffffffffffffffffffffffffffff'), spanId: hex('ffffffffffffffff'), startTimeUnixNano: '18446744073709551615' },
              { traceId: hex('ffffffffffffffffffffffffffffffff'), spanId: hex('fffffffffffffffe'), startTimeUnixNano: '9223372036854775807', endTimeUnixNano: '9223372036854775807' },
            ],
          },
        ],
      },
    ],
  };
}

describe('decodeTracesProtobuf', () => {
  it('reads what protobufjs + readTracesRequest read, value types, rejections and all', () => {
    const body = encode(richRequest());
    const batch = decodeTracesProtobuf(body, 'p1');
    expect(batch).toEqual(viaProtobufjs(body));
    expect(batch.rejectedSpans).toBe(3);
    const span = batch.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.parentSpanId).toBe('');
    expect(span.attributes.values.big).toBe('9007199254740993');
    expect(span.attributes.values.minint).toBe('-9223372036854775808');
    expect(span.attributes.types).toMatchObject({ neg: 'int', flag: 'bool', blob: 'bytes', empty: 'empty', novalue: 'empty', nested: 'kvlist' });
    expect(span.attributes.types?.dup).toBeUndefined();
    expect(batch.resourceSpans[1].scopeSpans[0].spans.map((s) => s.startTimeUnixNano)).toEqual(['9223372036854775807']);
    expect(batch.rejectionReasons[2]).toBe(
      'resourceSpans[1].scopeSpans[0].spans[0]: startTimeUnixNano 18446744073709551615 is past 2262-04-11T23:47:16.854775807Z, the latest time the store holds',
    );
  });

  it('reads the benchmark requests like the protobufjs path', () => {
    for (let seed = 0; seed < 3; seed++) {
      const body = encodeGenAiRequest(50, seed);
      expect(decodeTracesProtobuf(body, 'p1')).toEqual(viaProtobufjs(body));
    }
  });

  it('decodes invalid UTF-8 with replacement characters, as the README says (protobufjs refuses the request)', () => {
    const body = encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: hex('0102030405060708090a0b0c0d0e0f10'), spanId: hex('1112131415161718'), name: 'ab@@@@cd', attributes: [str('k@@@@', 'v@@@@')] }] }] }] });
    for (let i = body.indexOf('@@@@'); i >= 0; i = body.indexOf('@@@@', i)) body.set([0xff, 0xc3, 0x28, 0x80], i);
    const span = decodeTracesProtobuf(body, 'p1').resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.name).toBe('ab\ufffd\ufffd(\ufffdcd');
    expect(span.attributes.values['k\ufffd\ufffd(\ufffd']).toBe('v\ufffd\ufffd(\ufffd');
    expect(() => viaProtobufjs(body)).toThrow(/not valid for encoding utf-8/);
  });

  it('refuses values nested deeper than the limit, naming where', () => {
    let value: object = { stringValue: 'leaf' };
    for (let i = 0; i < 20; i++) value = { arrayValue: { values: [value] } };
    const body = encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: hex('0102030405060708090a0b0c0d0e0f10'), spanId: hex('1112131415161718'), attributes: [{ key: 'deep', value }] }] }] }] });
    expect(() => decodeTracesProtobuf(body, 'p1')).toThrow(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.attributes.*nested deeper than 16/);
  });

  it('skips unknown fields and known fields of another wire type', () => {
    const body = encode(richRequest());
    // Field 99 varint, field 98 fixed32, field 97 bytes, field 5 (name) as a varint: all skipped.
    const extra = Buffer.from([0x98, 0x06, 0x01, 0x95, 0x06, 1, 2, 3, 4, 0x8a, 0x06, 0x02, 0x41, 0x42, 0x28, 0x07]);
    const padded = Buffer.concat([body, extra]);
    expect(decodeTracesProtobuf(padded, 'p1')).toEqual(decodeTracesProtobuf(body, 'p1'));
  });

  it('answers every mangled body with an OtlpDecodeError or a batch, never another error', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const base = [encode(richRequest()), encodeGenAiRequest(5, 1)];
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const b = Buffer.from(base[n % 2]);
      const cut = random() < 0.3;
      for (let i = 0; i < 1 + random() * 6; i++) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      const body = cut ? b.subarray(0, Math.floor(random() * b.length)) : b;
      try {
        decodeTracesProtobuf(body, 'p1');
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError);
        expect((err as Error).message).toMatch(/^invalid protobuf ExportTraceServiceRequest: |nested deeper/);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
