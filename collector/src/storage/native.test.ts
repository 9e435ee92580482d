import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage } from '../otlp/codec.js';
import { ExportTraceServiceRequest } from '../otlp/proto.js';
import { readTracesRequest } from '../otlp/traces.js';
import { createGenAiProcessor } from '../processors/genai.js';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { openStore, type Store } from './client.js';
import { migrate } from './migrate.js';
import { insertEncoded } from './insert-batch.js';
import { nativeColumns, NativeSink } from './native.js';
import { encodeJsonLines, TRACES_NATIVE } from './row-encoding.js';
import { encodeTraceBlock } from './trace-block.js';
import { traceRows } from './trace-rows.js';

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

/** Spans that exercise every column shape: typed attributes, events, links, unicode, long strings, no GenAI. */
function variedRequest() {
  const long = 'ä'.repeat(70) + '"quoted" \\ \n' + 'x'.repeat(5000);
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc-ü' } }, { key: 'host.cpus', value: { intValue: '8' } }] },
        scopeSpans: [
          {
            scope: { name: 'scope', version: '1.2' },
            spans: [
              {
                traceId: hex(1, 32), spanId: hex(1, 16), name: 'root 🚀', kind: 2,
                startTimeUnixNano: '1733000000123456789', endTimeUnixNano: '1733000001999999999',
                attributes: [
                  { key: 'long', value: { stringValue: long } },
                  { key: 'n', value: { intValue: '-42' } },
                  { key: 'd', value: { doubleValue: 1.5 } },
                  { key: 'b', value: { boolValue: true } },
                  { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } } },
                  { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
                ],
                events: [
                  { timeUnixNano: '1733000000500000000', name: 'e1', attributes: [{ key: 'x', value: { stringValue: 'y' } }] },
                  { timeUnixNano: '1733000000600000001', name: 'é2', attributes: [] },
                ],
                links: [{ traceId: hex(9, 32), spanId: hex(9, 16), traceState: 'a=b', attributes: [{ key: 'l', value: { intValue: '3' } }] }],
                status: { code: 2, message: 'boom' },
              },
              {
                traceId: hex(1, 32), spanId: hex(2, 16), parentSpanId: hex(1, 16), name: 'chat gpt-4o-mini', kind: 3,
                startTimeUnixNano: '1', endTimeUnixNano: '1',
                attributes: [
                  { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                  { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
                  { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
                  { key: 'gen_ai.usage.input_tokens', value: { intValue: '1000' } },
                  { key: 'gen_ai.usage.output_tokens', value: { intValue: '200' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

function batchOf(body: Buffer, encoding: 'json' | 'protobuf') {
  const { message, reader } = decodeMessage(body, encoding, ExportTraceServiceRequest);
  return createGenAiProcessor({ customPrices: [] }).processTraces(readTracesRequest(message, reader, 'proj'));
}

let store: Store;
beforeAll(async () => {
  store = openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'native-')), database: 'native_test' });
  await migrate(store);
});
afterAll(() => store.close());

async function readBack(): Promise<unknown[]> {
  const r = await store.client.query({ query: `SELECT * FROM ${store.table('otel_traces')} ORDER BY SpanId, Timestamp`, format: 'JSONEachRow' });
  return r.json();
}

describe('Native blocks of otel_traces', () => {
  it('store exactly what the JSONEachRow rows store', async () => {
    const batches = [batchOf(Buffer.from(JSON.stringify(variedRequest())), 'json'), batchOf(Buffer.from(encodeGenAiRequest(20, 3)), 'protobuf')];
    const rows = batches.flatMap(traceRows);
    await insertEncoded(store, 'otel_traces', { body: encodeJsonLines(rows), format: 'JSONEachRow' }, 'tok-json');
    const viaJson = await readBack();
    await store.client.command({ query: `TRUNCATE TABLE ${store.table('otel_traces')}` });
    // Two blocks in one stream, as the exporter joins them (pieces written one after another).
    await insertEncoded(store, 'otel_traces', { body: TRACES_NATIVE.join(batches.map((b) => encodeTraceBlock(b))), format: 'Native' }, 'tok-native');
    const viaNative = await readBack();
    expect(viaNative).toHaveLength(22);
    expect(viaNative).toEqual(viaJson);
    const root = viaNative.find((r) => (r as { SpanName: string }).SpanName === 'root 🚀') as Record<string, unknown>;
    expect(root.Timestamp).toBe('2024-11-30 20:53:20.123456789');
    expect(root['Events.Name']).toEqual(['e1', 'é2']);
    expect((root.SpanAttributes as Record<string, string>).long).toHaveLength(5082);
  });

  it('declares the table types without LowCardinality and expands Nested columns', () => {
    const cols = nativeColumns([
      "ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1))",
      'Attrs Map(LowCardinality(String), String) CODEC(ZSTD(1))',
      'Events Nested (Timestamp DateTime64(9), Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1))',
    ]);
    expect(cols).toEqual([
      { name: 'ProjectId', type: 'String' },
      { name: 'Attrs', type: 'Map(String, String)' },
      { name: 'Events.Timestamp', type: 'Array(DateTime64(9))' },
      { name: 'Events.Attributes', type: 'Array(Map(String, String))' },
    ]);
    expect(() => nativeColumns(['X Decimal(10, 2)']).length).not.toThrow();
  });

  it('writes strings as a varint length and UTF-8 bytes, short and long, ASCII or not', () => {
    // Incl. lengths whose UTF-8 byte count needs a longer varint than the UTF-16 length (64 'ü' = 128 bytes).
    const cases = ['', 'abc', 'é', '🚀'.repeat(10), 'a'.repeat(42), 'b'.repeat(43), 'ü'.repeat(63), 'ü'.repeat(64), 'ü'.repeat(300), 'x'.repeat(127), 'ü'.repeat(8191), 'ü'.repeat(8192) + 'z', '€'.repeat(6000)];
    const out = new NativeSink(4);
    out.u8(0xee); // something before: the strings are written at an offset
    for (const s of cases) out.string(s);
    const b = out.bytes();
    let pos = 1;
    for (const s of cases) {
      let len = 0;
      for (let shift = 1; ; shift *= 128) {
        const byte = b[pos++];
        len += (byte & 0x7f) * shift;
        if (byte < 0x80) break;
      }
      expect(len).toBe(Buffer.byteLength(s));
      expect(b.subarray(pos, pos + len).toString('utf8')).toBe(s);
      pos += len;
    }
    expect(pos).toBe(b.length);
  });

  it('hands over what was written, and later writes do not touch it', () => {
    const out = new NativeSink(4);
    out.string('first block');
    const first = Buffer.from(out.bytes());
    const taken = out.take();
    out.string('second, longer block '.repeat(20));
    expect(taken).toEqual(first);
    expect(out.bytes().subarray(2).toString()).toBe('second, longer block '.repeat(20));
  });

  it('writes recurring strings, raw bytes and decimals as string() and their text would be', () => {
    const keys = ['', 'gen_ai.usage.input_tokens', 'ü-key', 'k'.repeat(64), 'k'.repeat(65), 'ü'.repeat(63), 'ü'.repeat(64)];
    for (let round = 0; round < 2; round++) {
      // Twice: the first write fills the cache, the second copies from it.
      for (const s of keys) {
        const a = new NativeSink(4);
        a.recurring(s);
        const b = new NativeSink(4);
        b.string(s);
        expect(a.bytes(), s).toEqual(b.bytes());
      }
    }
    const out = new NativeSink(2);
    out.raw(Buffer.from('ab'));
    for (const n of [0, 7, 10, 421, 123456789, 999_999_999_999_999]) out.decimal(n);
    expect(out.bytes().toString()).toBe('ab' + '0' + '7' + '10' + '421' + '123456789' + '999999999999999');
  });

  it('writes 64-bit integers little-endian, in order or into reserved bytes', () => {
    const values = [0, 1, 0xff, 0x1_0000, 0xffff_ffff, 0x1_0000_0000, 1764806400123456, Number.MAX_SAFE_INTEGER];
    const expected = Buffer.alloc(8 * values.length);
    values.forEach((n, i) => expected.writeBigUInt64LE(BigInt(n), 8 * i));
    const inOrder = new NativeSink(4);
    for (const n of values) inOrder.u64(n);
    expect(inOrder.bytes()).toEqual(expected);
    const reserved = new NativeSink(4);
    const at = reserved.reserve(8 * values.length);
    values.forEach((n, i) => reserved.u64At(at + 8 * i, n));
    expect(reserved.bytes()).toEqual(expected);
  });

  it('writes a prefixed string as the concatenation would be written', () => {
    for (const s of ['', 'gen_ai.usage.input_tokens', 'ü-key', 'k'.repeat(41), 'k'.repeat(60)]) {
      const a = new NativeSink(4);
      a.prefixedString('e12.', s);
      const b = new NativeSink(4);
      b.string(`e12.${s}`);
      expect(a.bytes()).toEqual(b.bytes());
    }
  });
});
