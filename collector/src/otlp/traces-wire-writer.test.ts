import { describe, expect, it } from 'vitest';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { OTLP_PROTO, tracesRequest } from './encode.js';
import { ExportTraceServiceRequest as Request } from './proto.js';
import { readTraces } from './signals.js';
import { encodeTracesProtobuf } from './traces-wire-writer.js';

const json = (o: unknown) => Buffer.from(JSON.stringify(o));
/** What protobufjs decodes from the bytes, as plain data. */
const decoded = (bytes: Uint8Array) => Request.toObject(Request.decode(bytes), { longs: String, bytes: String, defaults: false });
/** The same batch through protobufjs's own encoder, the reference. */
const reference = (batch: ReturnType<typeof readTraces>) => Request.encode(Request.fromObject(tracesRequest(batch, OTLP_PROTO))).finish();

describe('encodeTracesProtobuf', () => {
  it('writes what protobufjs writes for a request of 500 GenAI spans (lengths past one byte at every level)', () => {
    const batch = readTraces(encodeGenAiRequest(500, 7), 'protobuf', 'p');
    const bytes = encodeTracesProtobuf(batch);
    expect(decoded(bytes)).toEqual(decoded(reference(batch)));
    expect(readTraces(bytes, 'protobuf', 'p')).toEqual(batch);
  });

  it('keeps edge values: negative and 64-bit ints, unicode, empty strings and values, nesting, bytes', () => {
    const attrs = [
      { key: 'neg', value: { intValue: '-42' } },
      { key: 'big', value: { intValue: '9223372036854775807' } },
      { key: 'min', value: { intValue: '-9223372036854775808' } },
      { key: 'pi', value: { doubleValue: -3.25 } },
      { key: 'no', value: { boolValue: false } },
      { key: 'blank', value: { stringValue: '' } },
      { key: 'émoji 🚀', value: { stringValue: 'naïve ✓ '.repeat(40) } },
      { key: 'nested', value: { arrayValue: { values: [{ arrayValue: { values: [{ intValue: '-1' }, { doubleValue: 0.5 }] } }, { kvlistValue: { values: [{ key: 'k', value: { stringValue: '' } }] } }, {}] } } },
      { key: 'bin', value: { bytesValue: Buffer.from([0, 255, 1]).toString('base64') } },
      { key: 'none', value: {} },
    ];
    const batch = readTraces(
      json({
        resourceSpans: [{
          resource: { attributes: attrs },
          scopeSpans: [{
            scope: { name: 'x', attributes: attrs.slice(0, 2) },
            spans: [{
              traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', traceState: 'rojo=00f067aa0ba902b7',
              name: '', kind: 5, startTimeUnixNano: '0', endTimeUnixNano: '4102444800123456789', attributes: attrs,
              events: [{ timeUnixNano: '1', name: 'e', attributes: attrs }],
              links: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7', traceState: 'a=b', attributes: attrs }],
              status: { code: 1 },
            }],
          }],
        }],
      }),
      'json',
      'p',
    );
    const bytes = encodeTracesProtobuf(batch);
    expect(readTraces(bytes, 'protobuf', 'p')).toEqual(batch);
    expect(decoded(bytes)).toEqual(decoded(reference(batch)));
  });
});
