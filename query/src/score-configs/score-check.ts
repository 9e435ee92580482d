/**
 * A score naming a config (`configId`), checked against it as Langfuse checks one: the config must be live, the
 * value must fit it (a number within its bounds, one of its category labels, 0 or 1, text of 1–500 characters), and
 * the config's name is the score's. A categorical score is kept as its label (its category's number shown when read); a boolean one shows its
 * category's label.
 */
import type { ScoreFields } from '../evaluation-writer.js';
import { ApiError } from '../routes/errors.js';
import type { ScoreConfig } from './score-config.js';
import type { ScoreConfigStore } from './score-config-store.js';

/** What a score says once read by its config. */
export interface ConfiguredScore {
  name: string;
  configId: string;
  /** Absent for a categorical or text score (its label alone). */
  score?: number;
  label?: string;
  /** TEXT for a text config's score (kept with it: a label alone reads as categorical). */
  dataType?: 'TEXT';
}

/** Langfuse's bounds on a TEXT score's text. */
const MAX_TEXT = 500;

const MAX_CONFIG_ID = 64;

const bad = (field: string, why: string) => new ApiError(400, `field ${field}: ${why}`);
const show = (v: unknown) => (typeof v === 'string' ? `"${v.slice(0, 64)}"` : String(v).slice(0, 64));

/** `value` (sent as body field `field`) read by `config`, or a 400 naming what does not fit. */
export function scoreByConfig(config: ScoreConfig, value: unknown, field: string): ConfiguredScore {
  const of = `score config "${config.name}"`;
  if (config.isArchived) throw bad('configId', `${of} is archived: scores cannot name it (restore it with isArchived: false)`);
  const named = { name: config.name, configId: config.id };
  if (config.dataType === 'NUMERIC') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(field, `${of} is NUMERIC: expected a number`);
    if (config.minValue !== null && value < config.minValue) throw bad(field, `${value} is below the minimum ${config.minValue} of ${of}`);
    if (config.maxValue !== null && value > config.maxValue) throw bad(field, `${value} is above the maximum ${config.maxValue} of ${of}`);
    return { ...named, score: value };
  }
  if (config.dataType === 'TEXT') {
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) throw bad(field, `${of} is TEXT: expected text of 1 to ${MAX_TEXT} characters`);
    return { ...named, label: value, dataType: 'TEXT' };
  }
  const categories = config.categories ?? [];
  if (config.dataType === 'CATEGORICAL') {
    const category = categories.find((c) => c.label === value);
    if (!category) throw bad(field, `${show(value)} is not a category of ${of} (${categories.map((c) => c.label).join(', ')})`);
    // Kept as a label alone, as categorical scores are everywhere here (averages, the metrics API's categorical view);
    // its number is the config's, given when it is read (configuredValue).
    return { ...named, label: category.label };
  }
  const score = value === true ? 1 : value === false ? 0 : value;
  const category = categories.find((c) => c.value === score);
  if (!category) throw bad(field, `${of} is BOOLEAN: expected 0 or 1, not ${show(value)}`);
  return { ...named, score: category.value, label: category.label };
}

/**
 * A WatchLLM score (`POST /api/v1/evaluations`) naming `config`: a categorical or text one gives its label, the others
 * their score; the other field follows from the config.
 */
export function withScoreConfig<T extends ScoreFields>(config: ScoreConfig, input: T): T {
  const [field, other] = config.dataType === 'CATEGORICAL' || config.dataType === 'TEXT' ? (['label', 'score'] as const) : (['score', 'label'] as const);
  if (input[other] !== undefined) throw bad(other, `score config "${config.name}" is ${config.dataType}: give the ${field} alone`);
  if (input.dataType !== undefined && input.dataType !== config.dataType) throw bad('dataType', `score config "${config.name}" is ${config.dataType}, not ${input.dataType}`);
  return { ...input, ...scoreByConfig(config, input[field], field) };
}

/** The config a score names, looked up once per id for the life of the finder (a batch); a 404 when the project has none such. */
export type ScoreConfigFinder = (configId: unknown) => Promise<ScoreConfig | undefined>;

export function scoreConfigFinder(configs: ScoreConfigStore, projectId: string): ScoreConfigFinder {
  const found = new Map<string, Promise<ScoreConfig | undefined>>();
  return async (configId) => {
    if (configId === undefined || configId === null) return undefined;
    if (typeof configId !== 'string' || configId === '' || configId.length > MAX_CONFIG_ID) throw bad('configId', 'expected the id of a score config');
    let config = found.get(configId);
    if (!config) found.set(configId, (config = configs.get(projectId, configId)));
    const c = await config;
    if (!c) throw new ApiError(404, `field configId: score config ${configId} not found in this project`);
    return c;
  };
}

/** What a score read back shows as its value: a categorical config's number for its label, else its own score. */
export function configuredValue(config: ScoreConfig | undefined, score: { value: number; stringValue: string | null }): number {
  if (config?.dataType !== 'CATEGORICAL') return score.value;
  return config.categories?.find((c) => c.label === score.stringValue)?.value ?? score.value;
}
