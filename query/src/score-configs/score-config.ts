/**
 * Score configs (Langfuse's): what a score of a name may be. A new config and a change to one are checked here,
 * field by field, as Langfuse checks them (`PostScoreConfigBody`, `PutScoreConfigBody`); a 400 names the field.
 */
import { ApiError } from '../routes/errors.js';
import { objectBody } from '../routes/json-body.js';

export const SCORE_CONFIG_DATA_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT'] as const;
export type ScoreConfigDataType = (typeof SCORE_CONFIG_DATA_TYPES)[number];

export interface ConfigCategory {
  label: string;
  value: number;
}

/** What a config says about its scores; `id`, times and archiving are the store's. */
export interface ScoreConfigFields {
  name: string;
  dataType: ScoreConfigDataType;
  /** NUMERIC: the least score (inclusive); null is unbounded. */
  minValue: number | null;
  /** NUMERIC: the greatest score (inclusive); null is unbounded. */
  maxValue: number | null;
  /** CATEGORICAL: the labels a score may take, each with its number; BOOLEAN: True = 1, False = 0; NUMERIC, TEXT: null. */
  categories: ConfigCategory[] | null;
  description: string | null;
}

export interface ScoreConfig extends ScoreConfigFields {
  id: string;
  isArchived: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A BOOLEAN config's categories: made for it, never sent (as Langfuse's). */
export const BOOLEAN_CATEGORIES: readonly ConfigCategory[] = [
  { label: 'True', value: 1 },
  { label: 'False', value: 0 },
];

// Langfuse's limits on a config's name: up to 35 letters, digits, spaces, `_`, `.`, `(`, `)` and `-`.
const MAX_NAME = 35;
const NAME = /^[\p{L}\p{N}_ .()-]+$/u;
const MAX_DESCRIPTION = 4096;
const MAX_LABEL = 256;
const MAX_CATEGORIES = 100;
const CREATE_FIELDS = ['name', 'dataType', 'categories', 'minValue', 'maxValue', 'description'];
const UPDATE_FIELDS = ['isArchived', 'name', 'categories', 'minValue', 'maxValue', 'description'];

const bad = (field: string, why: string) => new ApiError(400, `field ${field}: ${why}`);

type Body = Record<string, unknown>;

/** Null counts as absent (some clients send every field of the request type). */
const given = (b: Body, field: string): boolean => b[field] !== undefined && b[field] !== null;

function nameOf(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw bad('name', 'required: a non-empty string');
  if (raw.length > MAX_NAME) throw bad('name', `at most ${MAX_NAME} characters`);
  if (!NAME.test(raw)) throw bad('name', 'only letters, numbers, spaces, underscores, periods, parentheses and hyphens');
  return raw;
}

function boundOf(b: Body, field: 'minValue' | 'maxValue'): number | null {
  if (!given(b, field)) return null;
  const v = b[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, 'expected a finite number');
  return v;
}

function descriptionOf(b: Body): string | null {
  if (!given(b, 'description')) return null;
  const v = b.description;
  if (typeof v !== 'string') throw bad('description', 'expected a string');
  if (v.length > MAX_DESCRIPTION) throw bad('description', `at most ${MAX_DESCRIPTION} characters`);
  return v;
}

function categoriesOf(raw: unknown): ConfigCategory[] {
  if (!Array.isArray(raw)) throw bad('categories', 'expected a list of {label, value}');
  if (raw.length > MAX_CATEGORIES) throw bad('categories', `at most ${MAX_CATEGORIES}`);
  return raw.map((c: unknown, i) => {
    const { label, value } = (typeof c === 'object' && c !== null ? c : {}) as Body;
    if (typeof label !== 'string' || label.trim() === '' || label.length > MAX_LABEL) throw bad(`categories[${i}].label`, `expected a non-empty string of at most ${MAX_LABEL} characters`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`categories[${i}].value`, 'expected a finite number');
    return { label, value };
  });
}

/** Rules across fields, for a new config and a changed one alike. */
function checked(c: ScoreConfigFields): ScoreConfigFields {
  const { dataType, minValue, maxValue, categories } = c;
  if (dataType !== 'NUMERIC' && (minValue !== null || maxValue !== null)) throw bad(minValue !== null ? 'minValue' : 'maxValue', `a ${dataType} config has no bounds (NUMERIC configs do)`);
  if (dataType === 'NUMERIC') {
    if (categories !== null) throw bad('categories', 'a NUMERIC config has no categories (CATEGORICAL configs do)');
    // Langfuse refuses equal bounds too: a range of one value scores nothing.
    if (minValue !== null && maxValue !== null && maxValue <= minValue) throw bad('maxValue', `must be greater than minValue (${minValue})`);
  }
  if (dataType === 'CATEGORICAL') {
    if (categories === null || categories.length === 0) throw bad('categories', 'a CATEGORICAL config needs at least one category');
    const labels = new Set<string>();
    const values = new Set<number>();
    for (const { label, value } of categories) {
      if (labels.has(label)) throw bad('categories', `duplicate label "${label}": labels must be unique`);
      if (values.has(value)) throw bad('categories', `duplicate value ${value}: values must be unique`);
      labels.add(label);
      values.add(value);
    }
  }
  if (dataType === 'TEXT' && categories !== null) throw bad('categories', 'a TEXT config has no categories (its scores are free text)');
  if (dataType === 'BOOLEAN' && JSON.stringify(categories) !== JSON.stringify(BOOLEAN_CATEGORIES)) {
    throw bad('categories', "a BOOLEAN config's categories are True = 1 and False = 0, made for it; leave them out");
  }
  return c;
}

/** A new config from a JSON body (`POST /api/public/score-configs`): a BOOLEAN one gets its True / False categories. */
export function newScoreConfig(body: unknown): ScoreConfigFields {
  const b = objectBody(body, CREATE_FIELDS);
  const dataType = b.dataType;
  if (!(SCORE_CONFIG_DATA_TYPES as readonly unknown[]).includes(dataType)) throw bad('dataType', `required: one of ${SCORE_CONFIG_DATA_TYPES.join(', ')}`);
  const type = dataType as ScoreConfigDataType;
  if (type === 'BOOLEAN' && given(b, 'categories')) throw bad('categories', 'a BOOLEAN config gets True = 1 and False = 0; leave them out');
  return checked({
    name: nameOf(b.name),
    dataType: type,
    minValue: boundOf(b, 'minValue'),
    maxValue: boundOf(b, 'maxValue'),
    categories: type === 'BOOLEAN' ? [...BOOLEAN_CATEGORIES] : given(b, 'categories') ? categoriesOf(b.categories) : null,
    description: descriptionOf(b),
  });
}

/**
 * `current` with a change from a JSON body (`PATCH /api/public/score-configs/{id}`): the fields given replace its own.
 * `changeable`: the fields a body may give (WatchLLM's own API: archiving and the description).
 */
export function changedScoreConfig(current: ScoreConfig, body: unknown, changeable: readonly string[] = UPDATE_FIELDS): ScoreConfig {
  if (typeof body === 'object' && body !== null && 'dataType' in body) throw bad('dataType', "a score config's data type cannot change (create another config)");
  const b = objectBody(body, changeable);
  if (!changeable.some((f) => given(b, f))) throw new ApiError(400, `the body changes nothing: give at least one of ${changeable.join(', ')}`);
  if (given(b, 'isArchived') && typeof b.isArchived !== 'boolean') throw bad('isArchived', 'expected true or false');
  const fields = checked({
    name: given(b, 'name') ? nameOf(b.name) : current.name,
    dataType: current.dataType,
    minValue: given(b, 'minValue') ? boundOf(b, 'minValue') : current.minValue,
    maxValue: given(b, 'maxValue') ? boundOf(b, 'maxValue') : current.maxValue,
    categories: given(b, 'categories') ? categoriesOf(b.categories) : current.categories,
    description: given(b, 'description') ? descriptionOf(b) : current.description,
  });
  return { ...current, ...fields, isArchived: given(b, 'isArchived') ? (b.isArchived as boolean) : current.isArchived };
}
