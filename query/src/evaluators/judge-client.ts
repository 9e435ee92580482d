/**
 * Calls a judge model: an OpenAI-compatible chat completions endpoint. Each call has a timeout; a
 * 429, a 5xx, a timeout or a refused connection is tried again after a growing delay (the server's
 * Retry-After when it gives one); other answers fail at once. Calls past `concurrency` wait their turn.
 * The playground calls the same endpoints through it, with its own messages and sampling parameters.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JudgeConnection } from './definition.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

/** Sampling parameters, under the names the chat completions API gives them. */
export interface ChatParameters {
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  stop?: string | string[];
}

/** A judge scores alike each time it is asked. */
const JUDGE_PARAMETERS: ChatParameters = { temperature: 0 };

/** What the server said besides the text, when it said it. */
export interface ReplyDetails {
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  model?: string;
}

/** The reply's text, or why there is none and whether trying later may help (the judge down, a rate limit). */
export type JudgeReply = ({ ok: true; text: string } & ReplyDetails) | { ok: false; retryable: boolean; error: string; status?: number };

export type Judge = (connection: JudgeConnection, apiKey: string | undefined, messages: ChatMessage[], parameters?: ChatParameters) => Promise<JudgeReply>;

export interface JudgeClientOptions {
  timeoutMs?: number;
  /** Tries per call, the first included. */
  attempts?: number;
  /** The delay before the second try; doubled for each further one. */
  backoffMs?: number;
  concurrency?: number;
}

const DEFAULTS = { timeoutMs: 30_000, attempts: 3, backoffMs: 1_000, concurrency: 4 };
/** A Retry-After longer than this is not waited for: the worker's next round tries again. */
const MAX_RETRY_AFTER_MS = 30_000;

export function createJudge(options: JudgeClientOptions = {}): Judge {
  const o = { ...DEFAULTS, ...options };
  const slots = new Slots(o.concurrency);
  return (connection, apiKey, messages, parameters = JUDGE_PARAMETERS) =>
    slots.run(async () => {
      let last: JudgeReply = { ok: false, retryable: true, error: 'not called' };
      const body = JSON.stringify({ ...parameters, model: connection.model, messages });
      for (let attempt = 1; attempt <= o.attempts; attempt++) {
        const { reply, retryAfterMs } = await callOnce(connection.baseUrl, apiKey, body, o.timeoutMs);
        if (reply.ok || !reply.retryable) return reply;
        last = reply;
        const delay = retryAfterMs ?? o.backoffMs * 2 ** (attempt - 1);
        if (attempt === o.attempts || delay > MAX_RETRY_AFTER_MS) break;
        await sleep(delay);
      }
      return last;
    });
}

async function callOnce(baseUrl: string, apiKey: string | undefined, requestBody: string, timeoutMs: number): Promise<{ reply: JudgeReply; retryAfterMs?: number }> {
  const url = `${baseUrl}/chat/completions`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: requestBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${e.message}${(e.cause as Error | undefined)?.message ? ` (${(e.cause as Error).message})` : ''}`;
    return { reply: { ok: false, retryable: true, error: `${url}: ${why}` } };
  }
  const body = await res.text().catch(() => '');
  if (!res.ok) {
    const retryable = res.status === 429 || res.status >= 500;
    return { reply: { ok: false, retryable, status: res.status, error: `${url} answered ${res.status}: ${body.slice(0, 300)}` }, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
  }
  const reply = readReply(body);
  return { reply: reply ? { ok: true, ...reply } : { ok: false, retryable: false, error: `${url} answered no choices[0].message.content: ${body.slice(0, 300)}` } };
}

interface CompletionBody {
  model?: unknown;
  choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

/** The text of the first choice, and the details given beside it (only those given, as the server spelt them). */
function readReply(body: string): ({ text: string } & ReplyDetails) | undefined {
  let parsed: CompletionBody;
  try {
    parsed = JSON.parse(body) as CompletionBody;
  } catch {
    return undefined; // Not JSON: no reply.
  }
  const content = parsed?.choices?.[0]?.message?.content;
  // Some servers answer content as parts.
  const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('') : undefined;
  if (text === undefined) return undefined;
  const finishReason = parsed.choices?.[0]?.finish_reason;
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const details: ReplyDetails = {
    finishReason: typeof finishReason === 'string' ? finishReason : undefined,
    inputTokens: count(parsed.usage?.prompt_tokens),
    outputTokens: count(parsed.usage?.completion_tokens),
    model: typeof parsed.model === 'string' ? parsed.model : undefined,
  };
  return { text, ...Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) };
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** At most `max` runs at once; the rest wait in order. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
