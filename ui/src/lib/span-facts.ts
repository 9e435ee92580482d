// Comparable facts of an LLM span (model, parameters, tokens, cost, timing) as labelled strings.

import type { Span } from '../api/types.js';
import { formatCost, formatDuration, formatInt } from './format.js';

export interface Fact {
  label: string;
  a: string;
  b: string;
  changed: boolean;
}

function factsOf(span: Span | null): Map<string, string> {
  const m = new Map<string, string>();
  if (!span) return m;
  const g = span.genAi;
  m.set('Span', span.name);
  m.set('Service', span.serviceName);
  m.set('Model', g?.responseModel ?? g?.requestModel ?? '—');
  m.set('Provider', g?.provider ?? '—');
  m.set('Operation', g?.operation ?? '—');
  for (const [k, v] of Object.entries(g?.requestParameters ?? {})) m.set(`param ${k}`, typeof v === 'object' ? JSON.stringify(v) : String(v));
  m.set('Input tokens', formatInt(g?.inputTokens));
  m.set('Output tokens', formatInt(g?.outputTokens));
  m.set('Cached tokens', formatInt(g?.cacheReadTokens));
  m.set('Reasoning tokens', formatInt(g?.reasoningTokens));
  m.set('Cost', formatCost(g?.costUsd));
  m.set('Duration', formatDuration(span.durationMs));
  m.set('Time to first token', formatDuration(g?.timeToFirstChunkMs));
  m.set('Finish reasons', (g?.finishReasons ?? []).join(', ') || '—');
  m.set('Status', span.status?.code ?? '—');
  return m;
}

/** Union of both spans' facts in a stable order; parameters only one side set show '—' on the other. */
export function compareFacts(a: Span | null, b: Span | null): Fact[] {
  const fa = factsOf(a);
  const fb = factsOf(b);
  const labels = [...fa.keys(), ...[...fb.keys()].filter((k) => !fa.has(k))];
  return labels.map((label) => {
    const va = fa.get(label) ?? '—';
    const vb = fb.get(label) ?? '—';
    return { label, a: va, b: vb, changed: va !== vb };
  });
}

/** Percent change from a to b for numeric facts, e.g. "+25%". */
export function relativeChange(a: number | null | undefined, b: number | null | undefined): string {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || a === 0) return '';
  const pct = ((b - a) / a) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(pct !== 0 && Math.abs(pct) < 10 ? 1 : 0)}%`;
}
