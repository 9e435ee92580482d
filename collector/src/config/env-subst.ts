import YAML from 'yaml';

const REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function lookup(env: NodeJS.ProcessEnv, name: string, fallback: string | undefined, path: string): string {
  const v = env[name];
  if (v !== undefined && v !== '') return v;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(`${path}: environment variable ${name} is not set and has no default (use \${env:${name}:-default})`);
}

/**
 * Replaces `${env:NAME}` / `${env:NAME:-default}` in string values, OTel Collector style:
 * a value that is exactly one reference takes the variable's YAML type (number, bool),
 * a reference inside a longer string is spliced in as text.
 */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      const raw = lookup(env, whole[1], whole[2], path || '<root>');
      const parsed = YAML.parse(raw) as unknown;
      return parsed !== null && typeof parsed !== 'object' ? parsed : raw;
    }
    return value.replace(REF, (_m, name: string, fallback: string | undefined) => lookup(env, name, fallback, path || '<root>'));
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}
