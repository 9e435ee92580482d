import type protobuf from 'protobufjs';
import { OtlpDecodeError } from './errors.js';
import { jsonLeafReader, protobufLeafReader, type LeafReader } from './leaf-readers.js';

export type OtlpEncoding = 'protobuf' | 'json';

/** Maps a Content-Type header to an OTLP encoding, or undefined when unsupported. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (ct === 'application/x-protobuf' || ct === 'application/protobuf') return 'protobuf';
  if (ct === 'application/json') return 'json';
  return undefined;
}

export function contentTypeOf(encoding: OtlpEncoding): string {
  return encoding === 'json' ? 'application/json' : 'application/x-protobuf';
}

/** Decodes a request body into a message tree plus the reader that understands its leaves. */
export function decodeMessage(
  body: Uint8Array,
  encoding: OtlpEncoding,
  type: protobuf.Type,
): { message: unknown; reader: LeafReader } {
  if (encoding === 'json') {
    let message: unknown;
    try {
      message = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch (err) {
      throw new OtlpDecodeError(`invalid JSON body: ${(err as Error).message}`, { cause: err });
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      throw new OtlpDecodeError(`invalid OTLP/JSON body: expected an object at the top level`);
    }
    return { message, reader: jsonLeafReader };
  }
  try {
    return { message: type.decode(body), reader: protobufLeafReader };
  } catch (err) {
    throw new OtlpDecodeError(`invalid protobuf ${type.name}: ${(err as Error).message}`, { cause: err });
  }
}

/** Encodes an Export*ServiceResponse in the request's encoding. */
export function encodeResponse(type: protobuf.Type, value: Record<string, unknown>, encoding: OtlpEncoding): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify(value));
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}
