import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from '@watchllm/collector';
import { startWatchLLM, type RunningWatchLLM } from '../src/runtime.js';

export interface TestStack {
  running: RunningWatchLLM;
  dataDir: string;
  otlpHttp: string;
  api: string;
}

/**
 * Starts collector + query on ephemeral ports over an embedded store in a temp dir.
 * `env` adds settings (e.g. WATCHLLM_CONFIG for another otel-config.yaml).
 */
export async function startTestStack(dataDir = mkdtempSync(join(tmpdir(), 'watchllm-test-')), env: Record<string, string> = {}): Promise<TestStack> {
  const settings = readSettings({
    WATCHLLM_DATA_DIR: dataDir,
    WATCHLLM_OTLP_HTTP_PORT: '0',
    WATCHLLM_OTLP_GRPC_PORT: '0',
    WATCHLLM_PORT: '0',
    ...env,
  });
  const running = await startWatchLLM(settings, 'all');
  return {
    running,
    dataDir,
    otlpHttp: `http://127.0.0.1:${running.collector!.httpPort}`,
    api: `http://127.0.0.1:${running.queryPort}`,
  };
}

export async function getJson<T = any>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** `fn()`'s value once `ok` says so, or its last value after `timeoutMs` (the caller's assertions then say what was wrong). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
