// Score configs as the UI shows and sends them: a config's values in words, a score given through one, the body of a
// new config from its form's fields, and a score's label as shown. What a config allows is the API's to check; its
// 400 names the problem.

import type { Evaluation, ScoreConfigDto } from '../api/types.js';

export type ScoreConfigDataType = ScoreConfigDto['dataType'];

/** The most characters a TEXT score's text may have (Langfuse's bound, the API's too). */
export const MAX_TEXT_SCORE = 500;

/** Whether a config's scores are a label (one of its categories, or free text) rather than a number. */
export const scoredByLabel = (c: Pick<ScoreConfigDto, 'dataType'>): boolean => c.dataType === 'CATEGORICAL' || c.dataType === 'TEXT';

/** A NUMERIC config's bounds in words: "1 – 5", "≥ 0", "≤ 10", or "any number". */
export function configRange(c: Pick<ScoreConfigDto, 'minValue' | 'maxValue'>): string {
  if (c.minValue !== null && c.maxValue !== null) return `${c.minValue} – ${c.maxValue}`;
  if (c.minValue !== null) return `≥ ${c.minValue}`;
  if (c.maxValue !== null) return `≤ ${c.maxValue}`;
  return 'any number';
}

/** What scores of a config may be: its range, its categories with their numbers, or free text. */
export function configValues(c: ScoreConfigDto): string {
  if (c.dataType === 'NUMERIC') return configRange(c);
  if (c.dataType === 'TEXT') return `free text (up to ${MAX_TEXT_SCORE} characters)`;
  return (c.categories ?? []).map((x) => `${x.label} = ${x.value}`).join(', ');
}

/** The fields of a score given through `config` (POST /api/v1/evaluations), from what its input holds. */
export interface ConfiguredScore {
  name: string;
  configId: string;
  score?: number;
  label?: string;
}

/**
 * A score through `config` from its input's value: a CATEGORICAL one is its label alone, a TEXT one its text alone
 * (trimmed), the others a number (a BOOLEAN one 1 or 0); the config's name is the score's. A string says what is
 * missing instead.
 */
export function configuredScore(config: ScoreConfigDto, raw: string): ConfiguredScore | string {
  const named = { name: config.name, configId: config.id };
  if (config.dataType === 'CATEGORICAL') return raw === '' ? 'Pick a label.' : { ...named, label: raw };
  if (config.dataType === 'TEXT') {
    const text = raw.trim();
    if (text === '') return 'Write the text.';
    return text.length > MAX_TEXT_SCORE ? `At most ${MAX_TEXT_SCORE} characters.` : { ...named, label: text };
  }
  if (raw.trim() === '') return config.dataType === 'BOOLEAN' ? 'Pick true or false.' : 'Give a score.';
  const score = Number(raw);
  if (!Number.isFinite(score)) return 'The score must be a number.';
  return { ...named, score };
}

/** The new-config form's fields, as its inputs hold them. */
export interface ConfigFields {
  name: string;
  dataType: ScoreConfigDataType;
  minValue: string;
  maxValue: string;
  /** CATEGORICAL: "label = value" items, comma-separated. */
  categories: string;
  description: string;
}

export const emptyConfigFields = (): ConfigFields => ({ name: '', dataType: 'NUMERIC', minValue: '', maxValue: '', categories: '', description: '' });

/**
 * Categories from "friendly = 1, neutral = 0, rude = -1": a label without a number (or whose last `=` is followed by
 * none) takes its position, 0, 1, 2…
 */
export function parseCategories(text: string): Array<{ label: string; value: number }> {
  const items = text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  return items.map((item, i) => {
    const eq = item.lastIndexOf('=');
    const value = eq < 0 ? NaN : Number(item.slice(eq + 1).trim() || NaN);
    return Number.isFinite(value) ? { label: item.slice(0, eq).trim(), value } : { label: item, value: i };
  });
}

/**
 * The body of POST /api/v1/score-configs from the form's fields (a type's other fields left out: a BOOLEAN or TEXT
 * config has neither bounds nor categories), or what is wrong.
 */
export function configBody(f: ConfigFields): Record<string, unknown> | string {
  const body: Record<string, unknown> = { name: f.name.trim(), dataType: f.dataType };
  if (f.dataType === 'NUMERIC') {
    for (const [key, word] of [['minValue', 'minimum'], ['maxValue', 'maximum']] as const) {
      if (f[key].trim() === '') continue;
      const n = Number(f[key]);
      if (!Number.isFinite(n)) return `The ${word} must be a number.`;
      body[key] = n;
    }
  }
  if (f.dataType === 'CATEGORICAL') body.categories = parseCategories(f.categories);
  if (f.description.trim()) body.description = f.description.trim();
  return body;
}

/**
 * A score's label as shown: a TEXT score's text in quotes, a CORRECTION's (a corrected output) after "correction:",
 * a category as it is; null when it has none.
 */
export function shownLabel(s: Pick<Evaluation, 'label' | 'dataType'>): string | null {
  if (s.label === null || s.dataType === undefined) return s.label;
  return s.dataType === 'CORRECTION' ? `correction: ${s.label}` : `“${s.label}”`;
}
