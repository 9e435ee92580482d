// The real WatchLLM (collector + query API + this UI) on an embedded store, seeded with the demo agent's
// traces over OTLP; plus what the browser test expects, read back from the JSON API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSettings } from '@watchllm/collector';
import { startWatchLLM, type RunningWatchLLM } from '@watchllm/query';
import type { DemoSummary } from '@watchllm/instrumentation';
import { buildUi } from '../build.mjs';
import type { SessionListResponse, Span, Step, StepsResponse, TraceDetail, TraceSearchResponse, TraceSummary } from '../src/api/types.js';
import { seedDemoTraces } from './seed-demo.js';

export interface RealStack {
  /** Where the UI and the API answer, e.g. http://127.0.0.1:40123. */
  base: string;
  /** The OTLP/HTTP receiver, e.g. for sending log records. */
  otlpHttp: string;
  seeded: DemoSummary;
  get<T>(pathAndQuery: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Builds the UI from source into a temp dir (so a stale ui/dist is never tested), starts every role on
 * ephemeral ports, runs the demo agent against it and waits until all its traces are searchable. `env` is what an
 * operator would add to the environment (e.g. a judge connection, WATCHLLM_JUDGE_URL_<NAME>).
 */
export async function startSeededStack(env: NodeJS.ProcessEnv = {}): Promise<RealStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'watchllm-ui-real-'));
  const uiDir = await buildUi({ outdir: path.join(dir, 'ui') });
  const settings = readSettings({
    ...env,
    WATCHLLM_DATA_DIR: path.join(dir, 'data'),
    WATCHLLM_OTLP_HTTP_PORT: '0',
    WATCHLLM_OTLP_GRPC_PORT: '0',
    WATCHLLM_PORT: '0',
  });
  let running: RunningWatchLLM | undefined;
  const close = async () => {
    await running?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    running = await startWatchLLM(settings, 'all', uiDir);
    const base = `http://127.0.0.1:${running.queryPort}`;
    const get = async <T>(pathAndQuery: string): Promise<T> => {
      const res = await fetch(base + pathAndQuery);
      if (!res.ok) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const otlpHttp = `http://127.0.0.1:${running.collector!.httpPort}`;
    const seeded = await seedDemoTraces({ otlpHttp, sessions: 8, turnsPerSession: 3 });
    for (const until = Date.now() + 15_000; ; ) {
      const { traces } = await get<TraceSearchResponse>('/api/v1/traces?limit=1000');
      if (traces.length >= seeded.traceIds.length) break;
      if (Date.now() > until) throw new Error(`only ${traces.length} of ${seeded.traceIds.length} seeded traces became searchable`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { base, otlpHttp, seeded, get, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export interface TraceWithSteps {
  summary: TraceSummary;
  spans: Span[];
  steps: Step[];
  edges: StepsResponse['edges'];
  /** The LLM step that asked for a tool, and the tool step that ran it. */
  caller: Step;
  tool: Step;
}

export interface Expectations {
  traces: TraceSummary[];
  details: Map<string, TraceDetail>;
  sessions: SessionListResponse['sessions'];
  /** Successful agent turns where an LLM call requested a tool that then ran, newest first. */
  agentTurns: TraceWithSteps[];
}

/** Everything the browser should show, from the API; trace details give the text a search must match. */
export async function readExpectations(stack: RealStack): Promise<Expectations> {
  const { traces } = await stack.get<TraceSearchResponse>('/api/v1/traces?limit=1000');
  const details = new Map<string, TraceDetail>();
  const agentTurns: TraceWithSteps[] = [];
  for (const summary of traces) {
    const detail = await stack.get<TraceDetail>(`/api/v1/traces/${summary.traceId}`);
    details.set(summary.traceId, detail);
    if (summary.errorCount > 0) continue;
    const { steps, edges } = await stack.get<StepsResponse>(`/api/v1/traces/${summary.traceId}/steps`);
    const link = edges.find((e) => e.kind === 'tool_call');
    const caller = steps.find((s) => s.spanId === link?.from);
    const tool = steps.find((s) => s.spanId === link?.to);
    if (caller && tool) agentTurns.push({ summary, spans: detail.spans, steps, edges, caller, tool });
  }
  const { sessions } = await stack.get<SessionListResponse>('/api/v1/sessions');
  return { traces, details, sessions, agentTurns };
}

/** Text of every message part of an LLM span's input, for checking what the chat view shows. */
export function inputTexts(span: Span): string[] {
  return (span.genAi?.inputMessages ?? []).flatMap((m) => m.parts.filter((p) => p.type === 'text').map((p) => String(p.content)));
}
