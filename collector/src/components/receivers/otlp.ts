import { bytes, endpoint, isObject, mergeOntoDefaults, type Problems } from '../../config/validate.js';
import { tracesHandler, tracesRequestHandler, type SignalHandler } from '../../otlp/signals.js';
import { logsHandler } from '../../otlp/logs-signal.js';
import { metricsHandler } from '../../otlp/metrics-signal.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import { createOtlpGrpcReceiver } from '../../receivers/otlp-grpc.js';
import type { TracesBatch } from '../../model/types.js';
import { originProblem } from '../../receivers/cors.js';
import { createOtlpHttpReceiver } from '../../receivers/otlp-http.js';
import { SIGNALS, type ComponentSettings, type Consume, type ReceiverFactory, type ReceiverInputs, type Signal } from '../types.js';

interface ProtocolYaml {
  endpoint: string;
  max_request_bytes: string | number;
  max_decompressed_bytes: string | number;
  /** HTTP only, as the OTel Collector's: browser origins allowed to post. */
  cors?: { allowed_origins: string[]; allowed_headers: string[]; max_age: number };
}

export interface OtlpReceiverConfig {
  protocols: {
    http: ProtocolYaml | null;
    grpc: ProtocolYaml | null;
  };
}

/** Builds the handler for one signal from its next consumer; `onRejected` hears of items a request carried that could not be stored. */
const HANDLERS: Record<Signal, (next: Consume, onRejected: (items: number) => void) => SignalHandler> = {
  traces: (next, onRejected) => tracesHandler({ consumeTraces: (b: TracesBatch) => next(b) }, onRejected),
  logs: (next, onRejected) => logsHandler({ consumeLogs: (b: LogsBatch) => next(b) }, onRejected),
  metrics: (next, onRejected) => metricsHandler({ consumeMetrics: (b: MetricsBatch) => next(b) }, onRejected),
};

const TRANSPORTS = { http: createOtlpHttpReceiver, grpc: createOtlpGrpcReceiver } as const;

type ProtocolConfig = NonNullable<OtlpReceiverConfig['protocols']['http']>;
const DEFAULT_PORT = { http: 4318, grpc: 4317 } as const;

/** Like the OTel Collector: a protocol is on only when listed; listed ones get defaults for missing keys. */
function protocol(name: 'http' | 'grpc', raw: unknown, path: string, problems: Problems): ProtocolConfig | undefined {
  if (raw === undefined || raw === false) return undefined;
  const defaults: ProtocolYaml = { endpoint: `127.0.0.1:${DEFAULT_PORT[name]}`, max_request_bytes: '32MiB', max_decompressed_bytes: '128MiB' };
  if (name === 'http') defaults.cors = { allowed_origins: [], allowed_headers: [], max_age: 0 };
  return mergeOntoDefaults(defaults, raw, path, problems);
}

function corsProblems(c: NonNullable<ProtocolYaml['cors']>, path: string, problems: Problems): void {
  for (const key of ['allowed_origins', 'allowed_headers'] as const) {
    if (!Array.isArray(c[key])) problems.push(`${path}.${key}: expected a list`);
  }
  if (Array.isArray(c.allowed_origins)) c.allowed_origins.forEach((o, i) => {
    const problem = originProblem(o);
    if (problem) problems.push(`${path}.allowed_origins[${i}]: ${problem}`);
  });
  if (Array.isArray(c.allowed_headers)) c.allowed_headers.forEach((h, i) => {
    if (typeof h !== 'string' || !/^[A-Za-z0-9-]+$/.test(h)) problems.push(`${path}.allowed_headers[${i}]: ${JSON.stringify(h)} is not a header name`);
  });
  if (typeof c.max_age !== 'number' || !Number.isInteger(c.max_age) || c.max_age < 0) problems.push(`${path}.max_age: expected seconds (a whole number, 0 or more)`);
}

export const otlpReceiver: ReceiverFactory<OtlpReceiverConfig> = {
  kind: 'receiver',
  type: 'otlp',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ protocols: { http: undefined, grpc: undefined } as unknown as OtlpReceiverConfig['protocols'] }),
  validate(c, path, problems: Problems) {
    if (!isObject(c.protocols) || (c.protocols.http === undefined && c.protocols.grpc === undefined)) {
      problems.push(`${path}.protocols: enable at least one of http, grpc`);
      return;
    }
    for (const name of ['http', 'grpc'] as const) {
      const p = protocol(name, c.protocols[name], `${path}.protocols.${name}`, problems);
      if (!p) continue;
      endpoint(p.endpoint, `${path}.protocols.${name}.endpoint`, problems);
      bytes(p.max_request_bytes, `${path}.protocols.${name}.max_request_bytes`, problems);
      bytes(p.max_decompressed_bytes, `${path}.protocols.${name}.max_decompressed_bytes`, problems);
      if (p.cors) corsProblems(p.cors, `${path}.protocols.${name}.cors`, problems);
    }
  },
  create(settings: ComponentSettings, c, next: ReceiverInputs) {
    const onRejected = (signal: Signal) => (items: number) => settings.telemetry.dropped.inc({ signal, reason: 'invalid' }, items);
    const handlers = SIGNALS.filter((signal) => next[signal]).map((signal) => HANDLERS[signal](next[signal]!, onRejected(signal)));
    if (next.tracesRequests) handlers.push(tracesRequestHandler(next.tracesRequests, onRejected('traces')));
    const ignore: Problems = [];
    const listeners: { name: string; endpoint: string; start(): Promise<{ port: number }>; shutdown(): Promise<void> }[] = [];
    const ports: Record<string, number> = {};
    for (const name of ['http', 'grpc'] as const) {
      const p = protocol(name, c.protocols[name], '', ignore);
      if (!p) continue;
      const { host, port } = endpoint(p.endpoint, '', ignore);
      const options = {
        host,
        port,
        maxRequestBytes: bytes(p.max_request_bytes, '', ignore),
        maxDecompressedBytes: bytes(p.max_decompressed_bytes, '', ignore),
        authenticate: settings.authenticate,
        admit: (signal: string) => settings.admit(signal as Signal),
        onResult: (signal: string, _status: number, reason?: string) => {
          if (reason) settings.telemetry.refused.inc({ signal, transport: name, reason });
        },
        onRequestBytes: (signal: string, n: number) => settings.telemetry.requestBytes.observe({ signal, transport: name }, n),
        cors: p.cors && { allowedOrigins: p.cors.allowed_origins, allowedHeaders: p.cors.allowed_headers, maxAgeSeconds: p.cors.max_age },
      };
      const server = TRANSPORTS[name](handlers, options);
      listeners.push({ name, endpoint: p.endpoint, ...server });
    }
    return {
      ports,
      describe: () => listeners.map((l) => `OTLP/${l.name.toUpperCase()} on ${l.endpoint.replace(/:\d+$/, '')}:${ports[l.name]}`),
      async start() {
        for (const l of listeners) ports[l.name] = (await l.start()).port;
      },
      async shutdown() {
        await Promise.all(listeners.map((l) => l.shutdown()));
      },
    };
  },
};
