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
export const JUDGE_KEY_ENV = /^WATCHLLM_JUDGE_KEY_([A-Z0-9_]+)$/;
const JUDGE_URL_ENV = /^WATCHLLM_JUDGE_URL_[A-Z0-9_]+$/;

/**
 * Whether a judge may be called here, and with which key; or why not: `refused` when the definition itself asks for
 * what no operator setting allows (a definition refuses it), else a variable to set on this service.
 */
export type JudgeAccess = (judge: JudgeConnection) => { ok: true; apiKey?: string } | { ok: false; error: string; refused: boolean };

const normalized = (url: string) => url.trim().replace(/\/+$/, '');

export function judgeAccess(env: NodeJS.ProcessEnv): JudgeAccess {
  return (judge) => {
    const url = normalized(judge.baseUrl);
    if (judge.apiKeyEnv !== '') {
      const name = JUDGE_KEY_ENV.exec(judge.apiKeyEnv)?.[1];
      if (!name) return { ok: false, refused: true, error: `judge.apiKeyEnv: a judge's key is read only from a WATCHLLM_JUDGE_KEY_<NAME> variable, not ${judge.apiKeyEnv.slice(0, 64)}` };
      const allowed = env[`WATCHLLM_JUDGE_URL_${name}`];
      if (!allowed) return { ok: false, refused: false, error: `WATCHLLM_JUDGE_URL_${name} is not set on this query service: ${judge.apiKeyEnv} is sent only to the URL it names` };
      if (normalized(allowed) !== url) return { ok: false, refused: true, error: `judge.baseUrl: ${judge.apiKeyEnv} is sent only to WATCHLLM_JUDGE_URL_${name} (${normalized(allowed)}), not ${url.slice(0, 256)}` };
      const apiKey = env[judge.apiKeyEnv];
      if (!apiKey) return { ok: false, refused: false, error: `environment variable ${judge.apiKeyEnv} (the judge's API key) is not set on this query service` };
      return { ok: true, apiKey };
    }
    const urls = Object.entries(env).flatMap(([k, v]) => (JUDGE_URL_ENV.test(k) && v ? [normalized(v)] : []));
    if (!urls.includes(url)) return { ok: false, refused: true, error: `judge.baseUrl: ${url.slice(0, 256)} is not a judge this query service calls (its operator allows one with WATCHLLM_JUDGE_URL_<NAME>=${url.slice(0, 256)})` };
    return { ok: true };
  };
}

/** A judge the operator named: its URL, and its key when WATCHLLM_JUDGE_KEY_<NAME> is set (a local model needs none). */
export interface NamedJudge {
  name: string;
  baseUrl: string;
  apiKey?: string;
}

const JUDGE_URL_NAME = /^WATCHLLM_JUDGE_URL_([A-Z0-9_]+)$/;

/** The judges `env` names, by name: each key paired only with the URL of its own name, as judgeAccess pairs them. */
export function namedJudges(env: NodeJS.ProcessEnv): Map<string, NamedJudge> {
  const judges = new Map<string, NamedJudge>();
  for (const [key, value] of Object.entries(env)) {
    const name = JUDGE_URL_NAME.exec(key)?.[1];
    if (!name || !value) continue;
    const apiKey = env[`WATCHLLM_JUDGE_KEY_${name}`];
    judges.set(name, { name, baseUrl: normalized(value), ...(apiKey ? { apiKey } : {}) });
  }
  return new Map([...judges].sort(([a], [b]) => a.localeCompare(b)));
}
