/**
 * The playground: a model call re-run with a user's edits, at an endpoint the operator named. Connections are the
 * online evaluators' judges (judge-access.ts): WATCHLLM_JUDGE_URL_<NAME> and its key WATCHLLM_JUDGE_KEY_<NAME>, read
 * once at start-up; a caller picks one by name and never gives a URL or a variable. Nothing is recorded.
 */
import { namedJudges, type NamedJudge } from '../evaluators/judge-access.js';
import { createJudge, type Judge } from '../evaluators/judge-client.js';
import type { ChatRequest } from './chat-request.js';

/** A connection as the API shows it: the URL's host only, and whether a key is set, never the key. */
export interface PlaygroundConnection {
  name: string;
  host: string;
  keySet: boolean;
}

export interface PlaygroundReply {
  output: string;
  finishReason: string | null;
  usage: { inputTokens: number | null; outputTokens: number | null };
  latencyMs: number;
  /** The model that answered, as the server named it (else the one asked for). */
  model: string;
}

/** `unknown-connection`: the operator has not named it (a 400); `upstream`: the model's endpoint failed (a 502). */
export type PlaygroundOutcome = { ok: true; reply: PlaygroundReply } | { ok: false; reason: 'unknown-connection' | 'upstream'; error: string };

export interface Playground {
  connections(): PlaygroundConnection[];
  chat(request: ChatRequest): Promise<PlaygroundOutcome>;
}

// A person is waiting: one quick retry, and room for a long answer.
const CLIENT = { attempts: 2, backoffMs: 500, timeoutMs: 120_000, concurrency: 8 };

export function createPlayground(env: NodeJS.ProcessEnv, judge: Judge = createJudge(CLIENT)): Playground {
  const judges = namedJudges(env);
  const list = [...judges.values()].map((j) => ({ name: j.name, host: hostOf(j), keySet: j.apiKey !== undefined }));
  return {
    connections: () => list,
    async chat(request) {
      const connection = judges.get(request.connection);
      if (!connection) return { ok: false, reason: 'unknown-connection', error: unknownConnection(request.connection) };
      const started = performance.now();
      const reply = await judge({ baseUrl: connection.baseUrl, model: request.model, apiKeyEnv: '' }, connection.apiKey, request.messages, request.parameters);
      const latencyMs = Math.round(performance.now() - started);
      if (!reply.ok) return { ok: false, reason: 'upstream', error: reply.error };
      return {
        ok: true,
        reply: {
          output: reply.text,
          finishReason: reply.finishReason ?? null,
          usage: { inputTokens: reply.inputTokens ?? null, outputTokens: reply.outputTokens ?? null },
          latencyMs,
          model: reply.model ?? request.model,
        },
      };
    },
  };
}

function hostOf(judge: NamedJudge): string {
  try {
    return new URL(judge.baseUrl).host;
  } catch {
    return '(not a URL)';
  }
}

function unknownConnection(name: string): string {
  const shown = name.slice(0, 64);
  if (!/^[A-Z0-9_]+$/.test(name)) return `field connection: "${shown}" is not a connection name (upper-case letters, digits and _, as GET /api/v1/playground/connections lists them)`;
  return `field connection: no connection ${shown} on this query service: set WATCHLLM_JUDGE_URL_${shown} (an OpenAI-compatible base URL) and, if it needs one, WATCHLLM_JUDGE_KEY_${shown}`;
}
