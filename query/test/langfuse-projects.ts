import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangfuseClient } from '@langfuse/client';
import { afterAll, beforeAll, expect } from 'vitest';
import { eventually } from './helpers.js';
import { createApiKey, startProcess, stopProcess, type WatchLLMProcess } from './process.js';

export interface LangfuseProjects {
  p: WatchLLMProcess;
  /** `project`'s API key, and a Langfuse client using it. */
  key: string;
  langfuse: LangfuseClient;
  /** A client of another project ("elsewhere"), which must see none of `project`'s data, and its key. */
  elsewhere: LangfuseClient;
  elsewhereKey: string;
}

/**
 * `watchllm start` with auth on, for the calling test file: started before its tests, stopped after them. The
 * returned function gives the process and the real Langfuse client (@langfuse/client) of two projects' keys.
 */
export function langfuseProjects(project: string): () => LangfuseProjects {
  let projects: LangfuseProjects | undefined;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), `watchllm-${project}-`));
    const key = createApiKey(dataDir, project);
    const otherKey = createApiKey(dataDir, 'elsewhere');
    const p = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true' });
    const client = (secretKey: string) => new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey, baseUrl: p.api });
    projects = { p, key, langfuse: client(key), elsewhere: client(otherKey), elsewhereKey: otherKey };
  }, 90_000);
  afterAll(async () => {
    if (projects) await stopProcess(projects.p);
  });
  return () => projects!;
}

/** A trace of one span (`spanId`, named `name`), sent over OTLP/HTTP JSON with the project's key; resolves once Langfuse's trace read finds it. */
export async function sendOneSpanTrace({ p, key, langfuse }: LangfuseProjects, traceId: string, spanId: string, name: string): Promise<void> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const sent = await fetch(`${p.otlpHttp}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [{ traceId, spanId, name, kind: 1, startTimeUnixNano: String(now - 1_000_000n), endTimeUnixNano: String(now) }] }] }] }),
  });
  expect(sent.status).toBe(200);
  await eventually(async () => (await langfuse.api.trace.get(traceId).catch(() => null))?.id, (id) => id === traceId);
}
