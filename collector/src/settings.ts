import { fileURLToPath } from 'node:url';
import type { StoreConfig } from './storage/client.js';

/** Process-level settings, read once from the environment at start-up. */
export interface Settings {
  store: StoreConfig;
  /** Pipeline config (otel-config.yaml). */
  configPath: string;
  /** Local state: embedded store, spool. */
  dataDir: string;
  /** Environment the config's ${env:…} references resolve against. */
  env: NodeJS.ProcessEnv;
  /** Address the query API binds to (receivers take their endpoints from the config, which reads the same WATCHLLM_HOST). */
  host: string;
  queryPort: number;
  /** How long a Langfuse trace sent as ingestion events must be quiet before it is written (WATCHLLM_LANGFUSE_QUIET_MS); unset → the writer's default. */
  langfuseQuietMs?: number;
  /** How often the online evaluators look for new spans to score (WATCHLLM_EVALUATOR_INTERVAL_MS); unset → the worker's default. */
  evaluatorIntervalMs?: number;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new SettingsError(`${name}="${raw}" is not a TCP port (0-65535)`);
  return n;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new SettingsError(`${name}="${raw}" is not a number of milliseconds (a positive integer)`);
  return n;
}

const DEFAULT_CONFIG = fileURLToPath(new URL('../../otel-config.yaml', import.meta.url));

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const dataDir = env.WATCHLLM_DATA_DIR || './data';
  const database = env.WATCHLLM_DATABASE || 'watchllm';
  const url = env.WATCHLLM_CLICKHOUSE_URL;
  const store: StoreConfig = url
    ? {
        kind: 'server',
        url,
        database,
        username: env.WATCHLLM_CLICKHOUSE_USER || undefined,
        password: env.WATCHLLM_CLICKHOUSE_PASSWORD || undefined,
      }
    : { kind: 'embedded', dataDir, database };
  return {
    store,
    configPath: env.WATCHLLM_CONFIG || DEFAULT_CONFIG,
    dataDir,
    env,
    host: env.WATCHLLM_HOST || '127.0.0.1',
    queryPort: port(env, 'WATCHLLM_PORT', 8080),
    langfuseQuietMs: milliseconds(env, 'WATCHLLM_LANGFUSE_QUIET_MS'),
    evaluatorIntervalMs: milliseconds(env, 'WATCHLLM_EVALUATOR_INTERVAL_MS'),
  };
}
