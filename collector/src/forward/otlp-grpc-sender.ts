/**
 * OTLP/gRPC Export calls on one channel, classified as the OTLP spec says: OK is delivered (minus a
 * partial success's rejects); CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and
 * DATA_LOSS are retried, RESOURCE_EXHAUSTED only when the server sends RetryInfo (whose delay is
 * then honoured); any other status is final.
 */
import * as grpc from '@grpc/grpc-js';
import { ExportLogsServiceResponse, ExportMetricsServiceResponse, ExportTraceServiceResponse, RpcRetryInfo, RpcStatus } from '../otlp/proto.js';
import { RETRY_INFO_TYPE_URL, SERVICE_NAMES } from '../receivers/otlp-grpc.js';
import type { Signal } from '../components/types.js';
import { partialSuccess, type SendResult } from './otlp-http-sender.js';
import { readClientTls, type ClientTls } from './tls.js';

export interface GrpcSenderOptions {
  tls: ClientTls;
  headers: Record<string, string>;
  compression: 'gzip' | 'none';
  timeoutMs: number;
}

const RESPONSES = { traces: ExportTraceServiceResponse, logs: ExportLogsServiceResponse, metrics: ExportMetricsServiceResponse };
const RETRYABLE = new Set([grpc.status.CANCELLED, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED, grpc.status.OUT_OF_RANGE, grpc.status.UNAVAILABLE, grpc.status.DATA_LOSS]);
const GZIP = 2; // grpc-js compression algorithm ids: 0 identity, 1 deflate, 2 gzip
const identity = (b: Buffer) => b;

/** `host:port` for grpc-js from the contrib forms `host:port`, `http://host:port`, `https://host:port`; TLS unless insecure or http://. */
export function grpcTarget(endpoint: string, tls: Pick<ClientTls, 'insecure'>): { address: string; secure: boolean } {
  const m = /^(https?):\/\/([^/]+)\/?$/.exec(endpoint);
  if (m) return { address: m[2], secure: m[1] === 'https' };
  return { address: endpoint, secure: !tls.insecure };
}

function credentialsOf(secure: boolean, tls: ClientTls): grpc.ChannelCredentials {
  if (!secure) return grpc.credentials.createInsecure();
  const { ca, cert, key } = readClientTls(tls);
  return grpc.credentials.createSsl(ca ?? null, key ?? null, cert ?? null, tls.insecure_skip_verify ? { checkServerIdentity: () => undefined } : {});
}

/** The delay a RetryInfo in the status details asks for, in ms. */
function retryDelayMs(metadata: grpc.Metadata | undefined): number | undefined {
  const [raw] = metadata?.get('grpc-status-details-bin') ?? [];
  if (!Buffer.isBuffer(raw)) return undefined;
  try {
    const status = RpcStatus.toObject(RpcStatus.decode(raw), { longs: Number }) as { details?: { typeUrl?: string; value?: Uint8Array }[] };
    const info = status.details?.find((d) => d.typeUrl === RETRY_INFO_TYPE_URL);
    if (!info?.value) return undefined;
    const delay = (RpcRetryInfo.toObject(RpcRetryInfo.decode(info.value), { longs: Number }) as { retryDelay?: { seconds?: number; nanos?: number } }).retryDelay;
    return delay ? (delay.seconds ?? 0) * 1000 + Math.round((delay.nanos ?? 0) / 1e6) : undefined;
  } catch {
    return undefined;
  }
}

export function createGrpcSender(endpoint: string, o: GrpcSenderOptions) {
  const { address, secure } = grpcTarget(endpoint, o.tls);
  const client = new grpc.Client(address, credentialsOf(secure, o.tls), o.compression === 'gzip' ? { 'grpc.default_compression_algorithm': GZIP } : {});
  return {
    send(signal: Signal, payload: Buffer): Promise<SendResult> {
      const metadata = new grpc.Metadata();
      for (const [k, v] of Object.entries(o.headers)) metadata.set(k.toLowerCase(), v);
      return new Promise((resolve) => {
        client.makeUnaryRequest(`/${SERVICE_NAMES[signal]}/Export`, identity, identity, payload, metadata, { deadline: Date.now() + o.timeoutMs }, (err, response) => {
          if (!err) return resolve({ kind: 'delivered', ...partialSuccess(response ?? Buffer.alloc(0), 'application/x-protobuf', RESPONSES[signal]) });
          const message = `${address}: ${grpc.status[err.code] ?? err.code}: ${err.details}`;
          const afterMs = retryDelayMs(err.metadata);
          if (RETRYABLE.has(err.code) || (err.code === grpc.status.RESOURCE_EXHAUSTED && afterMs !== undefined)) resolve({ kind: 'retry', afterMs, message });
          else resolve({ kind: 'failed', message });
        });
      });
    },
    close: () => client.close(),
  };
}
