/** One evaluation: a definition's prompt filled with a subject's text, sent to its judge, the answer read. */
import type { EvaluatorSpec } from './definition.js';
import { answerInstruction, parseJudgeAnswer, type JudgeVerdict } from './judge-answer.js';
import type { JudgeAccess } from './judge-access.js';
import type { Judge } from './judge-client.js';
import { renderTemplate, type SubjectText } from './span-text.js';

/**
 * A verdict, or a failure saying whether it is the span's (the judge read it and answered nothing
 * usable: trying it again a few times may help) or the evaluator's (no key, the judge unreachable or
 * refusing: every span would fail alike, so the worker waits instead of passing spans over).
 */
export type EvaluationOutcome =
  | { ok: true; verdict: JudgeVerdict; prompt: string }
  | { ok: false; scope: 'span' | 'evaluator'; error: string; prompt: string };

const SPAN_REFUSALS = new Set([400, 413, 422]);

export async function evaluate(spec: EvaluatorSpec, subject: SubjectText, judge: Judge, access: JudgeAccess): Promise<EvaluationOutcome> {
  const prompt = renderTemplate(spec.promptTemplate, subject);
  // Checked at every call: a definition may predate the operator's settings, or come from another service's.
  const allowed = access(spec.judge);
  if (!allowed.ok) return { ok: false, scope: 'evaluator', error: allowed.error, prompt };
  const reply = await judge(spec.judge, allowed.apiKey, [
    { role: 'system', content: `You are an evaluator scoring the output of an LLM application. ${answerInstruction(spec.output)}` },
    { role: 'user', content: prompt },
  ]);
  // A request refused as such (too long for the judge's context, say) is this span's; others would fail for every span.
  if (!reply.ok) return { ok: false, scope: SPAN_REFUSALS.has(reply.status ?? 0) ? 'span' : 'evaluator', error: reply.error, prompt };
  const parsed = parseJudgeAnswer(reply.text, spec.output);
  return parsed.ok ? { ok: true, verdict: parsed.verdict, prompt } : { ok: false, scope: 'span', error: parsed.error, prompt };
}
