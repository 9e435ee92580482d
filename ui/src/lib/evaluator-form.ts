// The evaluator form's fields as the page keeps them (strings, as inputs hold them), and the request body made of them.

import type { EvaluatorDto } from '../api/types.js';

export interface EvaluatorFields {
  name: string;
  enabled: boolean;
  target: 'llm' | 'trace';
  service: string;
  model: string;
  environment: string;
  tag: string;
  /** 0–100, as the input shows a percentage. */
  samplingPercent: string;
  baseUrl: string;
  judgeModel: string;
  apiKeyEnv: string;
  promptTemplate: string;
  outputType: 'numeric' | 'categorical';
  /** Comma-separated. */
  labels: string;
}

export const DEFAULT_TEMPLATE = `You are grading an AI assistant's answer.

Input:
{{input}}

Answer:
{{output}}

Expected (if any):
{{expected}}

Score 1 for a helpful, correct answer and 0 for an unhelpful or wrong one.`;

export const emptyFields = (): EvaluatorFields => ({
  name: '', enabled: true, target: 'llm', service: '', model: '', environment: '', tag: '', samplingPercent: '100',
  baseUrl: 'https://api.openai.com/v1', judgeModel: 'gpt-4o-mini', apiKeyEnv: 'WATCHLLM_JUDGE_KEY_OPENAI', promptTemplate: DEFAULT_TEMPLATE, outputType: 'numeric', labels: '',
});

export function fieldsOf(e: EvaluatorDto): EvaluatorFields {
  return {
    name: e.name, enabled: e.enabled, target: e.target, service: e.filters.service ?? '', model: e.filters.model ?? '', environment: e.filters.environment ?? '', tag: e.filters.tag ?? '',
    samplingPercent: String(Math.round(e.samplingRate * 1000) / 10), baseUrl: e.judge.baseUrl, judgeModel: e.judge.model, apiKeyEnv: e.judge.apiKeyEnv,
    promptTemplate: e.promptTemplate, outputType: e.output.type, labels: e.output.type === 'categorical' ? e.output.labels.join(', ') : '',
  };
}

/** The body of a create (with the name) or a change (without), or what is wrong with the fields. */
export function evaluatorBody(f: EvaluatorFields, withName: boolean): Record<string, unknown> | string {
  const percent = Number(f.samplingPercent);
  if (f.samplingPercent.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) return 'Sampling must be a percentage from 0 to 100.';
  const labels = f.labels.split(',').map((l) => l.trim()).filter(Boolean);
  if (f.outputType === 'categorical' && labels.length < 2) return 'A categorical evaluator needs at least two labels, comma-separated.';
  const filters: Record<string, string> = {};
  for (const k of ['service', 'model', 'environment', 'tag'] as const) if (f[k].trim()) filters[k] = f[k].trim();
  return {
    ...(withName ? { name: f.name.trim() } : {}),
    enabled: f.enabled,
    target: f.target,
    filters,
    samplingRate: percent / 100,
    judge: { baseUrl: f.baseUrl.trim(), model: f.judgeModel.trim(), apiKeyEnv: f.apiKeyEnv.trim() },
    promptTemplate: f.promptTemplate,
    output: f.outputType === 'numeric' ? { type: 'numeric' } : { type: 'categorical', labels },
  };
}
