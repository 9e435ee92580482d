/**
 * The judges a query service may call, as its operator named them. An evaluator is written by any caller holding a
 * project key, so neither the URL it calls nor the variable its key comes from can be the caller's choice: a caller
 * could have the service send WATCHLLM_CLICKHOUSE_PASSWORD (or the operator's OpenAI key) to a server of theirs, or
 * probe the internal network through the test endpoint. The operator names each judge once, in the environment:
 *
 *   WATCHLLM_JUDGE_URL_<NAME>=https://api.openai.com/v1    the only URLs judges are called at
 *   WATCHLLM_JUDGE_KEY_<NAME>=sk-…                         sent only to WATCHLLM_JUDGE_URL_<NAME>
 */
import type { JudgeConnection } from './definition.js';

/** The variables a judge's key may be read from; the suffix names the URL it goes to. */
const JUDGE_KEY_ENV = /^WATCHLLM_JUDGE_KEY_([A-Z0-9_]+)$/;
const JUDGE_URL_ENV = /^WATCHLLM_JUDGE_URL_([A-Z0-9_]+)$/;

/**
 * Whether a judge may be called here, and with which key; or why not: `refused` when the definition itself asks for
 * what no operator setting allows (a definition refuses it), else a variable to set on this service.
 */
export type JudgeAccess = (judge: JudgeConnection) => { ok: true; apiKey?: string } | { ok: false; error: string; refused: boolean };

const normalized = (url: string) => url.trim().replace(/\/+$/, '');

/** A judge the operator named: its URL, and its key when WATCHLLM_JUDGE_KEY_<NAME> is set (a local model needs none). */
export interface NamedJudge {
  name: string;
  baseUrl: string;
  apiKey?: string;
}

/** The judges `env` names, by name: each key paired only with the URL of its own name. */
export function namedJudges(env: NodeJS.ProcessEnv): Map<string, NamedJudge> {
  const judges = new Map<string, NamedJudge>();
  for (const [key, value] of Object.entries(env)) {
    const name = JUDGE_URL_ENV.exec(key)?.[1];
    if (!name || !value) continue;
    const apiKey = env[`WATCHLLM_JUDGE_KEY_${name}`];
    judges.set(name, { name, baseUrl: normalized(value), ...(apiKey ? { apiKey } : {}) });
  }
  return new Map([...judges].sort(([a], [b]) => a.localeCompare(b)));
}

/** The rules above over the judges `env` names (read once: the environment a service started with). */
export function judgeAccess(env: NodeJS.ProcessEnv): JudgeAccess {
  const judges = namedJudges(env);
  const urls = new Set([...judges.values()].map((j) => j.baseUrl));
  return (judge) => {
    const url = normalized(judge.baseUrl);
    if (judge.apiKeyEnv !== '') {
      const name = JUDGE_KEY_ENV.exec(judge.apiKeyEnv)?.[1];
      if (!name) return { ok: false, refused: true, error: `judge.apiKeyEnv: a judge's key is read only from a WATCHLLM_JUDGE_KEY_<NAME> variable, not ${judge.apiKeyEnv.slice(0, 64)}` };
      const named = judges.get(name);
      if (!named) return { ok: false, refused: false, error: `WATCHLLM_JUDGE_URL_${name} is not set on this query service: ${judge.apiKeyEnv} is sent only to the URL it names` };
      if (named.baseUrl !== url) return { ok: false, refused: true, error: `judge.baseUrl: ${judge.apiKeyEnv} is sent only to WATCHLLM_JUDGE_URL_${name} (${named.baseUrl}), not ${url.slice(0, 256)}` };
      if (!named.apiKey) return { ok: false, refused: false, error: `environment variable ${judge.apiKeyEnv} (the judge's API key) is not set on this query service` };
      return { ok: true, apiKey: named.apiKey };
    }
    if (!urls.has(url)) return { ok: false, refused: true, error: `judge.baseUrl: ${url.slice(0, 256)} is not a judge this query service calls (its operator allows one with WATCHLLM_JUDGE_URL_<NAME>=${url.slice(0, 256)})` };
    return { ok: true };
  };
}
