// A dataset with two experiment runs over the demo agent's traces, made the way a Langfuse SDK makes one: the
// dataset (POST /api/public/v2/datasets), its items (/api/public/dataset-items), and each run's links from an
// item to the trace that answered it (/api/public/dataset-run-items).
import type { Span, TraceDetail, TraceSummary } from '../src/api/types.js';

export interface SeededDataset {
  name: string;
  runs: [string, string];
  itemIds: string[];
}

async function post<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The trace's last LLM call that answered in text: what a run links, as `item.link(generation)` does. */
function answeringCall(detail: TraceDetail | undefined): Span | undefined {
  const answers = (detail?.spans ?? []).filter((s) => s.genAi?.stepType === 'llm' && (s.genAi.outputMessages ?? []).some((m) => m.parts.some((p) => p.type === 'text')));
  return answers.sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1)).at(-1);
}

/** The question a call answers: the start of its last user message (the demo adds its plan after a blank line). */
function askedIn(call: Span | undefined): string | undefined {
  const user = (call?.genAi?.inputMessages ?? []).filter((m) => m.role === 'user').at(-1);
  const text = user?.parts.find((p) => p.type === 'text')?.content;
  return typeof text === 'string' ? text.split('\n\n')[0] : undefined;
}

/** The call's answer as text. */
const answerOf = (call: Span) => (call.genAi?.outputMessages ?? []).flatMap((m) => m.parts.filter((p) => p.type === 'text').map((p) => String(p.content))).join('\n');

/**
 * Three questions the demo agent answered at least twice (a failed call's fallback answers too), as items: the question as input, the
 * first answer as the expected output (as "Add to dataset" on that call would make it). The first run links each item
 * to that first answer, the second run to the last one, each by its answering LLM call.
 */
export async function seedDataset(base: string, traces: TraceSummary[], details: Map<string, TraceDetail>): Promise<SeededDataset> {
  const name = 'support-regressions';
  const runs: [string, string] = ['support-agent v1', 'support-agent v2'];
  const byQuestion = new Map<string, Span[]>();
  for (const t of traces) {
    const call = answeringCall(details.get(t.traceId));
    const question = askedIn(call);
    if (call && question) byQuestion.set(question, [...(byQuestion.get(question) ?? []), call]);
  }
  const cases = [...byQuestion].filter(([, calls]) => calls.length >= 2).sort(([a], [b]) => a.localeCompare(b)).slice(0, 3);
  if (cases.length < 3) throw new Error(`only ${cases.length} questions were answered twice (${JSON.stringify([...byQuestion].map(([q, calls]) => [q, calls.length]))}); three are needed`);
  await post(base, '/api/public/v2/datasets', { name, description: 'Support questions the agent must keep answering well', metadata: { owner: 'support', source: 'demo agent' } });
  const itemIds: string[] = [];
  for (const [question, calls] of cases) {
    const item = await post<{ id: string }>(base, '/api/public/dataset-items', {
      datasetName: name,
      input: [{ role: 'user', content: question }],
      expectedOutput: answerOf(calls[0]),
      sourceTraceId: calls[0].traceId,
      sourceObservationId: calls[0].spanId,
    });
    itemIds.push(item.id);
    for (const [runName, call] of [[runs[0], calls[0]], [runs[1], calls.at(-1)!]] as const)
      await post(base, '/api/public/dataset-run-items', { runName, datasetItemId: item.id, traceId: call.traceId, observationId: call.spanId });
  }
  return { name, runs, itemIds };
}
