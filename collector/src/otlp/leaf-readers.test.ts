import { describe, expect, it } from 'vitest';
import Long from 'long';
import { jsonLeafReader, protobufLeafReader } from './leaf-readers.js';
import { readKeyValues, MAX_VALUE_DEPTH } from './any-value.js';

describe('protobuf leaves', () => {
  it('keeps all 64 bits of nanosecond timestamps', () => {
    expect(protobufLeafReader.u64(Long.fromString('1764806400123456789', true), 't')).toBe('1764806400123456789');
    expect(protobufLeafReader.u64(Long.fromString('18446744073709551615', true), 't')).toBe('18446744073709551615');
  });
  it('returns safe ints as numbers and larger ones as strings', () => {
    expect(protobufLeafReader.i64(Long.fromNumber(-42), 'i')).toBe(-42);
    expect(protobufLeafReader.i64(Long.fromString('9007199254740993'), 'i')).toBe('9007199254740993');
    expect(protobufLeafReader.i64(Long.fromString('-9223372036854775808'), 'i')).toBe('-9223372036854775808');
  });
});

describe('JSON leaves', () => {
  it('names the path and the type on a mismatch', () => {
    expect(() => jsonLeafReader.str(5, 'a.b')).toThrow('a.b: expected string, got number');
    expect(() => jsonLeafReader.u64('-1', 't')).toThrow(/unsigned 64-bit/);
    expect(() => jsonLeafReader.list({}, 'l')).toThrow('l: expected array, got object');
  });
  it('reads unsigned 64-bit integers from numbers and strings, written out in full, and refuses what does not fit', () => {
    expect(jsonLeafReader.u64(2 ** 60, 't')).toBe('1152921504606846976');
    expect(jsonLeafReader.u64('0018446744073709551615', 't')).toBe('18446744073709551615');
    expect(() => jsonLeafReader.u64('18446744073709551616', 'a.timeUnixNano')).toThrow(/a\.timeUnixNano: expected unsigned 64-bit/);
    expect(() => jsonLeafReader.u64(1e308, 't')).toThrow(/unsigned 64-bit/);
  });
  it('replaces lone surrogates in strings (the store takes only UTF-8)', () => {
    expect(jsonLeafReader.str(JSON.parse('"a\\ud800b"'), 's')).toBe('a\ufffdb');
    expect(jsonLeafReader.str('ok 🚀', 's')).toBe('ok 🚀');
  });
  it('lower-cases hex ids and refuses non-hex', () => {
    expect(jsonLeafReader.id('ABCDEF0123456789', 'id')).toBe('abcdef0123456789');
    expect(() => jsonLeafReader.id('xyz', 'id')).toThrow(/not a hex id/);
  });
});

describe('attribute values', () => {
  it('reads every AnyValue type with its type recorded', () => {
    const attrs = readKeyValues(
      [
        { key: 's', value: { stringValue: 'x' } },
        { key: 'b', value: { boolValue: true } },
        { key: 'i', value: { intValue: '7' } },
        { key: 'd', value: { doubleValue: 0.5 } },
        { key: 'a', value: { arrayValue: { values: [{ stringValue: 'y' }, { intValue: 1 }] } } },
        { key: 'k', value: { kvlistValue: { values: [{ key: 'n', value: { boolValue: false } }] } } },
        { key: 'by', value: { bytesValue: 'AQI=' } },
        { key: 'e', value: {} },
      ],
      jsonLeafReader,
      'attributes',
    );
    expect(attrs.values).toEqual({ s: 'x', b: true, i: 7, d: 0.5, a: ['y', 1], k: { n: false }, by: 'AQI=', e: null });
    expect(attrs.types).toEqual({ b: 'bool', i: 'int', d: 'double', a: 'array', k: 'kvlist', by: 'bytes', e: 'empty' });
  });
  it('refuses values nested deeper than the limit', () => {
    let v: unknown = { stringValue: 'leaf' };
    for (let i = 0; i <= MAX_VALUE_DEPTH + 1; i++) v = { arrayValue: { values: [v] } };
    expect(() => readKeyValues([{ key: 'deep', value: v }], jsonLeafReader, 'attributes')).toThrow(/nested deeper/);
  });
});
