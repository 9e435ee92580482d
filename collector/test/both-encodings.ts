import type protobuf from 'protobufjs';
import { decodeMessage } from '../src/otlp/codec.js';

/**
 * Test helper: one OTLP request written once, decoded through both encodings.
 * `build(id)` writes the request with ids made by `id(hex)`: hex strings for
 * OTLP/JSON, bytes for protobuf.
 */
export function bothEncodings(type: protobuf.Type, build: (id: (hex: string) => unknown) => object) {
  const json = Buffer.from(JSON.stringify(build((hex) => hex)));
  const proto = Buffer.from(type.encode(type.fromObject(build((hex) => Buffer.from(hex, 'hex')))).finish());
  return {
    json: decodeMessage(json, 'json', type),
    protobuf: decodeMessage(proto, 'protobuf', type),
  };
}
