/**
 * Instrumentation libraries known to break a convention's rule, by instrumentation scope (and the versions
 * that do). What a span's attributes cannot tell: `gen_ai.usage.input_tokens` is cache-inclusive by the
 * spec, and a library passing Anthropic's cache-exclusive count through under that name looks the same.
 */
import type { SpanInput } from './types.js';

interface Quirk {
  scope: string;
  /** Last version known to have it ([major, minor, patch]); later versions are trusted to follow the spec. */
  through: [number, number, number];
  why: string;
}

const INPUT_EXCLUDES_CACHE: Quirk[] = [
  { scope: '@traceloop/instrumentation-anthropic', through: [0, 27, 0], why: '@traceloop/instrumentation-anthropic passes Anthropic input_tokens through' },
  // InvokeModel with Claude: llm.token_count.prompt is the body's input_tokens, the cache counts beside it.
  { scope: '@arizeai/openinference-instrumentation-bedrock', through: [0, 5, 1], why: '@arizeai/openinference-instrumentation-bedrock passes Claude input_tokens through' },
];

/** Why this span's input token count leaves cache reads and writes out, or null when nothing says so. */
export function inputExcludesCacheBySource(span: Pick<SpanInput, 'scopeName' | 'scopeVersion'>): string | null {
  for (const q of INPUT_EXCLUDES_CACHE) {
    if (span.scopeName === q.scope && versionAtMost(span.scopeVersion, q.through)) return q.why;
  }
  return null;
}

/** `version` (semver-ish, e.g. "0.27.0" or "v0.26.1-beta") at or before `limit`; an unknown version counts as affected. */
function versionAtMost(version: string | undefined, limit: [number, number, number]): boolean {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  if (!m) return true;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) if (parts[i] !== limit[i]) return parts[i] < limit[i];
  return true;
}
