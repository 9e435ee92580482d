/**
 * What an online evaluator is (a judge model scoring a project's spans), and the checks a request's
 * definition passes: every refusal names its field. The judge's API key is never part of it, only
 * the name of the environment variable the query service reads it from.
 */
import { ApiError } from '../routes/errors.js';
import { jsonObject as object } from '../routes/json-body.js';

export type EvaluatorTarget = 'llm' | 'trace';
export const TARGETS: readonly EvaluatorTarget[] = ['llm', 'trace'];

export interface EvaluatorFilters {
  service?: string;
  model?: string;
  environment?: string;
  tag?: string;
}

/** An OpenAI-compatible chat completions endpoint: `${baseUrl}/chat/completions`. */
export interface JudgeConnection {
  baseUrl: string;
  model: string;
  /** The environment variable holding the API key on the query service; empty: no key sent (a local model). */
  apiKeyEnv: string;
}

export type EvaluatorOutput = { type: 'numeric' } | { type: 'categorical'; labels: string[] };

/** Everything but the name: what a row keeps as JSON. */
export interface EvaluatorSpec {
  enabled: boolean;
  target: EvaluatorTarget;
  filters: EvaluatorFilters;
  /** 0–1: the share of traces scored, chosen by a hash of the trace id (every replica picks alike). */
  samplingRate: number;
  judge: JudgeConnection;
  /** `{{input}}`, `{{output}}` and `{{expected}}` are replaced by the span's. */
  promptTemplate: string;
  output: EvaluatorOutput;
}

export interface EvaluatorDefinition extends EvaluatorSpec {
  /** The score name its results carry. */
  name: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export const PLACEHOLDERS = ['input', 'output', 'expected'] as const;

const MAX_NAME = 256;
const MAX_TEMPLATE = 64 * 1024;
const MAX_LABELS = 50;
const FIELDS = ['name', 'enabled', 'target', 'filters', 'samplingRate', 'judge', 'promptTemplate', 'output'];
const FILTER_FIELDS = ['service', 'model', 'environment', 'tag'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name as a path segment or a body gives it. */
export function evaluatorName(raw: unknown, field = 'name'): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ApiError(400, `field ${field}: expected a non-empty string`);
  if (raw.length > MAX_NAME) throw new ApiError(400, `field ${field}: at most ${MAX_NAME} characters`);
  return raw;
}

/** A create's body: the name and every field but `enabled` (default true), `filters` ({}) and `samplingRate` (1). */
export function parseNewEvaluator(body: unknown): { name: string; spec: EvaluatorSpec } {
  const b = object(body, 'the body');
  const name = evaluatorName(b.name);
  for (const field of ['target', 'judge', 'promptTemplate', 'output']) if (b[field] === undefined) throw new ApiError(400, `field ${field}: required`);
  const defaults: EvaluatorSpec = { enabled: true, target: 'llm', filters: {}, samplingRate: 1, judge: { baseUrl: '', model: '', apiKeyEnv: '' }, promptTemplate: '', output: { type: 'numeric' } };
  return { name, spec: applyChanges(defaults, b) };
}

/** A change's body: the fields given replace the stored ones (`name` cannot change). */
export function parseEvaluatorChanges(stored: EvaluatorSpec, body: unknown): EvaluatorSpec {
  const b = object(body, 'the body');
  if (b.name !== undefined) throw new ApiError(400, 'field name: an evaluator cannot be renamed (its scores carry the name); create another');
  return applyChanges(stored, b);
}

function applyChanges(base: EvaluatorSpec, b: Record<string, unknown>): EvaluatorSpec {
  const unknown = Object.keys(b).find((k) => !FIELDS.includes(k));
  if (unknown) throw new ApiError(400, `unknown field "${unknown.slice(0, 64)}" (fields: ${FIELDS.join(', ')})`);
  const spec = { ...base };
  if (b.enabled !== undefined) {
    if (typeof b.enabled !== 'boolean') throw new ApiError(400, 'field enabled: expected true or false');
    spec.enabled = b.enabled;
  }
  if (b.target !== undefined) {
    if (!TARGETS.includes(b.target as EvaluatorTarget)) throw new ApiError(400, `field target: expected one of ${TARGETS.join(', ')}`);
    spec.target = b.target as EvaluatorTarget;
  }
  if (b.filters !== undefined) spec.filters = parseFilters(b.filters);
  if (b.samplingRate !== undefined) {
    const r = b.samplingRate;
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0 || r > 1) throw new ApiError(400, 'field samplingRate: expected a number from 0 to 1');
    spec.samplingRate = r;
  }
  if (b.judge !== undefined) spec.judge = parseJudge(b.judge);
  if (b.promptTemplate !== undefined) spec.promptTemplate = parseTemplate(b.promptTemplate);
  if (b.output !== undefined) spec.output = parseOutput(b.output);
  return spec;
}

function parseFilters(raw: unknown): EvaluatorFilters {
  const f = object(raw, 'field filters');
  const unknown = Object.keys(f).find((k) => !(FILTER_FIELDS as readonly string[]).includes(k));
  if (unknown) throw new ApiError(400, `field filters.${unknown.slice(0, 64)}: unknown (filters: ${FILTER_FIELDS.join(', ')})`);
  const out: EvaluatorFilters = {};
  for (const k of FILTER_FIELDS) {
    const v = f[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string' || v.length > MAX_NAME) throw new ApiError(400, `field filters.${k}: expected a string of at most ${MAX_NAME} characters`);
    out[k] = v;
  }
  return out;
}

function parseJudge(raw: unknown): JudgeConnection {
  const j = object(raw, 'field judge');
  const unknown = Object.keys(j).find((k) => !['baseUrl', 'model', 'apiKeyEnv'].includes(k));
  if (unknown) throw new ApiError(400, `field judge.${unknown.slice(0, 64)}: unknown (judge: baseUrl, model, apiKeyEnv — the key itself is never stored: name the environment variable holding it)`);
  if (typeof j.baseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(j.baseUrl)) throw new ApiError(400, 'field judge.baseUrl: expected an http(s) URL, e.g. https://api.openai.com/v1');
  if (typeof j.model !== 'string' || j.model.trim() === '' || j.model.length > MAX_NAME) throw new ApiError(400, 'field judge.model: expected a model name');
  const apiKeyEnv = j.apiKeyEnv ?? '';
  if (typeof apiKeyEnv !== 'string' || (apiKeyEnv !== '' && !ENV_NAME.test(apiKeyEnv))) throw new ApiError(400, `field judge.apiKeyEnv: expected an environment variable's name (${ENV_NAME.source}), not the key`);
  return { baseUrl: j.baseUrl.replace(/\/+$/, ''), model: j.model, apiKeyEnv };
}

function parseTemplate(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ApiError(400, 'field promptTemplate: expected a non-empty string');
  if (raw.length > MAX_TEMPLATE) throw new ApiError(400, `field promptTemplate: at most ${MAX_TEMPLATE} characters`);
  if (!/\{\{\s*(input|output)\s*\}\}/.test(raw)) throw new ApiError(400, 'field promptTemplate: use {{input}} or {{output}} (and {{expected}}) so the judge sees the span');
  return raw;
}

function parseOutput(raw: unknown): EvaluatorOutput {
  const o = object(raw, 'field output');
  if (o.type === 'numeric') return { type: 'numeric' };
  if (o.type !== 'categorical') throw new ApiError(400, 'field output.type: expected numeric (a score from 0 to 1) or categorical (one of labels)');
  const labels = o.labels;
  if (!Array.isArray(labels) || labels.length < 2 || labels.length > MAX_LABELS) throw new ApiError(400, `field output.labels: expected 2 to ${MAX_LABELS} labels`);
  if (labels.some((l) => typeof l !== 'string' || l.trim() === '' || l.length > MAX_NAME)) throw new ApiError(400, 'field output.labels: expected non-empty strings');
  if (new Set(labels).size !== labels.length) throw new ApiError(400, 'field output.labels: each label once');
  return { type: 'categorical', labels: labels as string[] };
}
