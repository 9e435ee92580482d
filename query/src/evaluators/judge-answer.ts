/**
 * What the judge is asked to answer, and reading its answer: models wrap JSON in code fences or
 * prose, write numbers as strings, or change a label's case; an answer that still says nothing
 * usable is a failure naming what was wrong.
 */
import type { EvaluatorOutput } from './definition.js';

export interface JudgeVerdict {
  score?: number;
  label?: string;
  reasoning: string;
}

export type ParsedAnswer = { ok: true; verdict: JudgeVerdict } | { ok: false; error: string };

/** The instruction sent with every prompt, so the answer can be read whatever the template asks. */
export function answerInstruction(output: EvaluatorOutput): string {
  return output.type === 'numeric'
    ? 'Answer with a JSON object only: {"score": <a number from 0 to 1>, "reasoning": "<one or two sentences>"}'
    : `Answer with a JSON object only: {"label": <one of ${JSON.stringify(output.labels)}>, "reasoning": "<one or two sentences>"}`;
}

/** The verdict in a judge's reply text. */
export function parseJudgeAnswer(text: string, output: EvaluatorOutput): ParsedAnswer {
  const answer = jsonObjectIn(text);
  if (!answer) return { ok: false, error: `the judge answered no JSON object: ${preview(text)}` };
  const reasoning = typeof answer.reasoning === 'string' ? answer.reasoning : typeof answer.explanation === 'string' ? answer.explanation : '';
  if (output.type === 'numeric') {
    const raw = answer.score;
    const score = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(score) || score < 0 || score > 1) return { ok: false, error: `the judge's score is not a number from 0 to 1: ${preview(JSON.stringify(raw) ?? 'missing')}` };
    return { ok: true, verdict: { score, reasoning } };
  }
  const raw = answer.label ?? answer.score;
  const label = typeof raw === 'string' ? output.labels.find((l) => l.toLowerCase() === raw.trim().toLowerCase()) : undefined;
  if (label === undefined) return { ok: false, error: `the judge's label is not one of ${output.labels.join(', ')}: ${preview(JSON.stringify(raw) ?? 'missing')}` };
  return { ok: true, verdict: { label, reasoning } };
}

/** The first JSON object in `text` that parses: inside a code fence, or from the first brace to its matching one. */
function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  for (const candidate of [fenced, text]) {
    if (candidate === undefined) continue;
    for (let start = candidate.indexOf('{'); start !== -1; start = candidate.indexOf('{', start + 1)) {
      const end = matchingBrace(candidate, start);
      if (end === -1) break;
      try {
        const v = JSON.parse(candidate.slice(start, end + 1));
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {
        // Not JSON from this brace: try the next one.
      }
    }
  }
  return undefined;
}

/** The index of the brace closing the one at `start` (strings skipped), or -1. */
function matchingBrace(s: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

const preview = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);
