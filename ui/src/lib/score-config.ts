// Score configs as the UI shows and sends them: a config's values in words, a score given through one, and the body
// of a new config from its form's fields. What a config allows is the API's to check; its 400 names the problem.

import type { ScoreConfigDto } from '../api/types.js';

export type ScoreConfigDataType = ScoreConfigDto['dataType'];

/** A NUMERIC config's bounds in words: "1 – 5", "≥ 0", "≤ 10", or "any number". */
export function configRange(c: Pick<ScoreConfigDto, 'minValue' | 'maxValue'>): string {
  if (c.minValue !== null && c.maxValue !== null) return `${c.minValue} – ${c.maxValue}`;
  if (c.minValue !== null) return `≥ ${c.minValue}`;
  if (c.maxValue !== null) return `≤ ${c.maxValue}`;
  return 'any number';
}

/** What scores of a config may be: its range, or its categories with their numbers. */
export function configValues(c: ScoreConfigDto): string {
  if (c.dataType === 'NUMERIC') return configRange(c);
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
 * A score through `config` from its input's value: a CATEGORICAL one is its label alone, the others a number (a
 * BOOLEAN one 1 or 0); the config's name is the score's. A string says what is missing instead.
 */
export function configuredScore(config: ScoreConfigDto, raw: string): ConfiguredScore | string {
  const named = { name: config.name, configId: config.id };
  if (config.dataType === 'CATEGORICAL') return raw === '' ? 'Pick a label.' : { ...named, label: raw };
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

/** The body of POST /api/v1/score-configs from the form's fields (a type's other fields left out), or what is wrong. */
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
