import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGrpcSender, defaultClientTls, encodeGenAiRequest, spooledFileCount } from '@watchllm/collector';
import { freePort, waitHealthy } from '../child-process.js';
import { cpuBetween, threadCpu, withWorker, type ThreadCpu } from './thread-cpu.js';
import { releaseScratchDir, scratchDir } from './scratch.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export interface IngestResult {
  label: string;
  spans: number;
  /** Until every span is in the store (the spool drained), from the first request. */
  seconds: number;
  spansPerSec: number;
  /** Until the last request was acknowledged (written or fsynced to the spool). */
  ackSeconds: number;
  ackSpansPerSec: number;
  peakRssMiB: number;
  refused: number;
  /** CPU seconds the collector process spent from the first request until stored, by thread group. */
  cpu: ThreadCpu;
  /** CPU seconds this (the bench) process spent meanwhile: the senders and the wait for the spool to empty, on the same cores. */
  senderCpuSeconds: number;
}

function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * End-to-end ingest: a real `watchllm start` child process on a fresh embedded store,
 * fed pre-encoded OTLP protobuf requests (over HTTP unless `transport` says gRPC) by
 * `concurrency` senders from this process.
 */
export async function benchIngest(options: {
  label: string;
  requests: number;
  spansPerRequest: number;
  concurrency: number;
  configText?: string;
  /** Requests sent and stored before the clock starts, so the figure is the warmed-up (JIT-compiled) rate. */
  warmupRequests?: number;
  /** OTLP/HTTP (the default) or OTLP/gRPC unary Export calls on one channel, as the OTel gRPC exporters send. */
  transport?: 'http' | 'grpc';
}): Promise<IngestResult> {
  const dataDir = scratchDir('watchllm-bench-');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    WATCHLLM_DATA_DIR: dataDir,
    WATCHLLM_OTLP_HTTP_PORT: String(await freePort()),
    WATCHLLM_OTLP_GRPC_PORT: String(await freePort()),
    WATCHLLM_PORT: String(await freePort()),
  };
  if (options.configText) {
    const path = join(dataDir, 'bench-config.yaml');
    writeFileSync(path, options.configText);
    env.WATCHLLM_CONFIG = path;
  }
  // BENCH_CHILD_NODE_ARGS adds Node flags to the collector (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: Node refuses them in NODE_OPTIONS).
  const extraArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--max-semi-space-size=64', ...extraArgs, CLI, 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const api = `http://127.0.0.1:${env.WATCHLLM_PORT}`;
  await waitHealthy(api, child);
  const bodies = Array.from({ length: 16 }, (_, i) => encodeGenAiRequest(options.spansPerRequest, i));
  const grpc = options.transport === 'grpc' ? grpcSender(`127.0.0.1:${env.WATCHLLM_OTLP_GRPC_PORT}`) : undefined;
  const post = grpc?.post ?? sender(new URL(`http://127.0.0.1:${env.WATCHLLM_OTLP_HTTP_PORT}/v1/traces`));
  let refused = 0;
  const send = async (requests: number) => {
    let sent = 0;
    const one = async () => {
      while (sent < requests) {
        const body = bodies[sent++ % bodies.length];
        for (;;) {
          const res = await post(body);
          if (res.status === 200) break;
          refused++;
          await new Promise((r) => setTimeout(r, Number(res.retryAfter ?? 1) * 100));
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, one));
  };
  // Acknowledged is not yet stored: wait until the spool (write-ahead backlog) is empty. Its
  // directory is watched from here; /metrics, read every 20 ms, cost the collector ~1.5 µs of its
  // main thread's CPU per span while the last inserts ran (rendering every metric, the worker's
  // merged in), so it is read only to confirm.
  const spoolDir = join(dataDir, 'spool');
  const stored = async () => {
    for (;;) {
      if (spooledFileCount(spoolDir) === 0 && (await spoolBytes(api)) === 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await send(options.warmupRequests ?? 0);
  await stored();
  refused = 0;
  const cpuBefore = threadCpu(child.pid!);
  const workerBefore = await metric(api, WORKER_CPU);
  const senderBefore = process.cpuUsage();
  const start = performance.now();
  await send(options.requests);
  const ackSeconds = (performance.now() - start) / 1000;
  await stored();
  const seconds = (performance.now() - start) / 1000;
  const senderCpu = process.cpuUsage(senderBefore);
  const cpu = withWorker(cpuBetween(cpuBefore, threadCpu(child.pid!)), (await metric(api, WORKER_CPU)) - workerBefore);
  const rss = peakRssMiB(child.pid!);
  grpc?.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  releaseScratchDir(dataDir);
  const spans = options.requests * options.spansPerRequest;
  return {
    label: options.label,
    spans,
    seconds: Number(seconds.toFixed(2)),
    spansPerSec: Math.round(spans / seconds),
    ackSeconds: Number(ackSeconds.toFixed(2)),
    ackSpansPerSec: Math.round(spans / ackSeconds),
    peakRssMiB: rss,
    refused,
    cpu,
    senderCpuSeconds: Number(((senderCpu.user + senderCpu.system) / 1e6).toFixed(2)),
  };
}

/**
 * POSTs protobuf bodies over kept-alive connections with node:http: the sender shares the two
 * cores with the collector and the engine, and fetch cost ~5× the CPU per request (measured:
 * 0.9 s vs 0.16 s for 120 requests of 500 spans).
 */
function sender(url: URL): (body: Uint8Array) => Promise<{ status: number; retryAfter?: string }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  return (body) =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.byteLength } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

/** Export calls through the collector's own OTLP/gRPC sender (the forwarding exporter's), answered as the HTTP sender's are. */
function grpcSender(address: string) {
  const client = createGrpcSender(address, { tls: { ...defaultClientTls(), insecure: true }, headers: {}, compression: 'none', timeoutMs: 60_000 });
  const post = async (body: Uint8Array): Promise<{ status: number; retryAfter?: string }> => {
    const r = await client.send('traces', Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    if (r.kind === 'delivered') return { status: 200 };
    if (r.kind === 'retry') return { status: 503, retryAfter: r.afterMs === undefined ? undefined : String(r.afterMs / 1000) };
    throw new Error(`gRPC export failed: ${r.message}`);
  };
  return { post, close: () => client.close() };
}

/** One unlabelled sample of the collector's /metrics (0 when absent). */
async function metric(api: string, name: string): Promise<number> {
  const text = await (await fetch(`${api}/metrics`)).text();
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

const spoolBytes = (api: string) => metric(api, 'watchllm_spool_bytes');
const WORKER_CPU = 'watchllm_traces_worker_cpu_seconds_total';
