import * as grpc from '@grpc/grpc-js';
import { encodeResponse } from '../otlp/codec.js';
import { grpcStatusOf, RefusedError, toRefusal } from '../otlp/errors.js';
import { RpcRetryInfo, RpcStatus } from '../otlp/proto.js';
import type { SignalHandler } from '../otlp/signals.js';
import { releaseNow } from '../storage/buffer-pool.js';
import type { OtlpHttpOptions } from './otlp-http.js';

/** Same knobs as the HTTP receiver; `onResult` gets the gRPC status code. */
export type OtlpGrpcOptions = OtlpHttpOptions;

export interface OtlpGrpcReceiver {
  start(): Promise<{ port: number }>;
  shutdown(): Promise<void>;
}

export const SERVICE_NAMES: Record<SignalHandler['signal'], string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
};

export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';
const SHUTDOWN_GRACE_MS = 5_000;

const identity = (b: Buffer) => b;

/** Hand-written definition: bytes in, bytes out; decoding stays with the shared OTLP codec. */
function exportServiceDefinition(signal: SignalHandler['signal']): grpc.ServiceDefinition {
  return {
    Export: {
      path: `/${SERVICE_NAMES[signal]}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

/** OTLP/gRPC: TraceService, LogsService and MetricsService Export for the given handlers. */
export function createOtlpGrpcReceiver(handlers: SignalHandler[], options: OtlpGrpcOptions): OtlpGrpcReceiver {
  // grpc-js applies this one limit to the frame as sent and again while inflating
  // (it stops inflating past it, so a gzip bomb is cut short).
  const server = new grpc.Server({ 'grpc.max_receive_message_length': options.maxRequestBytes });
  for (const handler of handlers) {
    server.addService(exportServiceDefinition(handler.signal), { Export: exportMethod(handler, options) });
  }
  let started = false;
  let stopping: Promise<void> | undefined;
  return {
    start: () =>
      new Promise((resolve, reject) => {
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        server.bindAsync(`${host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
          if (err) return reject(err);
          started = true;
          resolve({ port });
        });
      }),
    shutdown: () => (stopping ??= started ? drain(server) : Promise.resolve()),
  };
}

/** Lets calls in flight finish (their data is being written), then forces the rest closed. */
function drain(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

function exportMethod(handler: SignalHandler, options: OtlpGrpcOptions): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    let release: (() => void) | void = undefined;
    (async () => {
      release = options.admit?.(handler.signal);
      const ctx = await options.authenticate(metadataToHeaders(call.metadata));
      if (call.request.length > options.maxDecompressedBytes) {
        throw new RefusedError('too_large', `decompressed message of ${call.request.length} bytes exceeds the limit of ${options.maxDecompressedBytes} bytes`);
      }
      options.onRequestBytes?.(handler.signal, call.request.length);
      const exported = handler.export(call.request, 'protobuf', ctx);
      // Copied out by now: freed rather than left to count as external memory until a GC (see releaseNow).
      if (handler.copiesBody) releaseMessage(call.request);
      return encodeResponse(handler.responseType, await exported, 'protobuf');
    })().then(
      (response) => {
        options.onResult?.(handler.signal, grpc.status.OK);
        callback(null, response);
      },
      (err: unknown) => {
        const refusal = toRefusal(err);
        options.onResult?.(handler.signal, grpcStatusOf(refusal), refusal.reason);
        callback(toServiceError(refusal));
      },
    ).finally(() => release?.());
  };
}

/** The 5-byte gRPC frame header (compressed flag, length) before a message grpc-js hands over uncompressed. */
const FRAME_HEADER_BYTES = 5;

/**
 * Frees the buffer a request message was read into, when it holds nothing else: grpc-js gives a
 * message as a view past the frame header of a buffer of its own (or the whole buffer it inflated
 * into). ~1 MB per request of these had set off a full GC of the event loop's heap every ~30
 * requests; a buffer shared with anything else is left alone.
 */
function releaseMessage(message: Buffer): void {
  const whole = message.buffer;
  if (message.byteOffset <= FRAME_HEADER_BYTES && message.byteOffset + message.length === whole.byteLength) releaseNow([new Uint8Array(whole)]);
}

/** gRPC metadata as the lower-cased header record `authenticate` reads (binary entries are skipped). */
export function metadataToHeaders(metadata: grpc.Metadata): Record<string, string | string[] | undefined> {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const key of Object.keys(metadata.getMap())) {
    if (key.endsWith('-bin')) continue;
    const values = metadata.get(key).filter((v): v is string => typeof v === 'string');
    headers[key.toLowerCase()] = values.length === 1 ? values[0] : values;
  }
  return headers;
}

/** The status with its message; a retryable refusal carries google.rpc.RetryInfo so exporters wait as told. */
export function toServiceError(e: RefusedError): Partial<grpc.ServiceError> {
  const code = grpcStatusOf(e);
  const metadata = new grpc.Metadata();
  if (e.retryAfterSeconds !== undefined) {
    const seconds = Math.max(0, e.retryAfterSeconds);
    const retryInfo = RpcRetryInfo.encode(
      RpcRetryInfo.fromObject({ retryDelay: { seconds: Math.floor(seconds), nanos: Math.round((seconds % 1) * 1e9) } }),
    ).finish();
    const status = RpcStatus.fromObject({ code, message: e.message, details: [{ typeUrl: RETRY_INFO_TYPE_URL, value: retryInfo }] });
    metadata.set('grpc-status-details-bin', Buffer.from(RpcStatus.encode(status).finish()));
  }
  return { code, details: e.message, metadata };
}
