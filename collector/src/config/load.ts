import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { AnyFactory, Signal } from '../components/types.js';
import { SIGNALS } from '../components/types.js';
import { ConfigError, substituteEnv } from './env-subst.js';
import { bytes, endpoint, isObject, mergeOntoDefaults, type Problems } from './validate.js';

export { ConfigError };

export interface ComponentInstance {
  id: string;
  factory: AnyFactory;
  config: unknown;
}

export interface PipelineSpec {
  id: string;
  signal: Signal;
  receivers: string[];
  processors: string[];
  exporters: string[];
}

export interface ExtensionsConfig {
  auth: { enabled: boolean };
  admission: {
    /** Refuse new requests while the process RSS is above this. */
    memory_limit: number;
    /** Refuse new requests while this many items wait to be written. */
    max_queue_items: number;
    /** Refuse new requests while this many are in progress (bounds decode memory). */
    max_concurrent_requests: number;
    /** Per-project spans/s (token bucket); 0 disables. */
    rate_limit_spans_per_second: number;
    rate_limit_burst: number;
  };
  /**
   * Decoding, processors and encoding of the traces pipeline on a worker thread (the second core),
   * when its processors are built-in ones and its one exporter is clickhouse.
   */
  traces_worker: { enabled: boolean };
  /** The contrib health_check extension, when the config has one. */
  health_check?: { host: string; port: number; path: string };
}

export interface CollectorConfig {
  receivers: Map<string, ComponentInstance>;
  processors: Map<string, ComponentInstance>;
  exporters: Map<string, ComponentInstance>;
  pipelines: PipelineSpec[];
  extensions: ExtensionsConfig;
}

const SECTIONS = ['receivers', 'processors', 'exporters'] as const;
const KIND = { receivers: 'receiver', processors: 'processor', exporters: 'exporter' } as const;

/** OTel Collector components a copied config often lists that WatchLLM does in another place: what to do instead. */
const NOT_NEEDED: Record<string, string> = {
  'processors.batch': 'the batch processor is not needed here — the clickhouse exporter batches its inserts itself (exporters.clickhouse.batch: max_items, max_delay); remove batch from the config and its pipelines',
};

/** Keys of contrib components that WatchLLM takes from elsewhere: where to set them instead. */
const KEYS_ELSEWHERE: Record<string, Record<string, string>> = {
  'exporters.clickhouse': Object.fromEntries(
    ['endpoint', 'database', 'username', 'password', 'connection_params', 'create_schema', 'traces_table_name', 'logs_table_name', 'cluster_name', 'table_engine'].map((k) => [
      k,
      'the store is shared with the query service, so it is set for the process: WATCHLLM_CLICKHOUSE_URL (+ _USER, _PASSWORD), WATCHLLM_DATABASE; tables and their schema are WatchLLM’s own (migrations; deploy/cluster/schema.sql for a cluster)',
    ]),
  ),
};

/** Reports and removes the keys of `cfg` that are set elsewhere here, so the rest merges as usual. */
function withoutKeysElsewhere(cfg: unknown, path: string, hints: Record<string, string> | undefined, problems: Problems): unknown {
  if (!hints || !isObject(cfg)) return cfg;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (hints[k]) problems.push(`${path}.${k}: ${hints[k]}`);
    else rest[k] = v;
  }
  return rest;
}

function instances(raw: unknown, section: (typeof SECTIONS)[number], factories: AnyFactory[], problems: Problems) {
  const out = new Map<string, ComponentInstance>();
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) {
    problems.push(`${section}: expected a mapping of component ids`);
    return out;
  }
  for (const [id, cfg] of Object.entries(raw)) {
    // OTel ids are `type` or `type/name`.
    const type = id.split('/')[0];
    const factory = factories.find((f) => f.kind === KIND[section] && f.type === type);
    if (!factory) {
      const known = factories.filter((f) => f.kind === KIND[section]).map((f) => f.type);
      const hint = NOT_NEEDED[`${section}.${type}`];
      problems.push(`${section}.${id}: ${hint ?? `unknown ${KIND[section]} type "${type}"`} (known: ${known.join(', ')})`);
      continue;
    }
    const path = `${section}.${id}`;
    const own = withoutKeysElsewhere(cfg, path, KEYS_ELSEWHERE[`${section}.${type}`], problems);
    const config = mergeOntoDefaults(factory.createDefaultConfig(), own, path, problems);
    factory.validate(config as never, path, problems);
    out.set(id, { id, factory, config });
  }
  return out;
}

function stringList(v: unknown, path: string, problems: Problems): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    problems.push(`${path}: expected a list of component ids`);
    return [];
  }
  return v as string[];
}

/** OTel Collector extensions a copied config may list that have no counterpart here: what to do instead. */
const EXTENSIONS_NOT_NEEDED: Record<string, string> = {
  pprof: "Go's pprof has no counterpart in a Node process (profile with node --cpu-prof); remove it",
  zpages: 'zpages has no counterpart here: /metrics on the API port (or WATCHLLM_PORT for `watchllm collector`) has the pipeline counters; remove it',
  memory_ballast: 'memory_ballast is for Go’s garbage collector; remove it (extensions.admission.memory_limit bounds memory here)',
};

function healthCheck(raw: unknown, problems: Problems): ExtensionsConfig['health_check'] {
  const c = mergeOntoDefaults({ endpoint: '127.0.0.1:13133', path: '/' }, raw, 'extensions.health_check', problems);
  const at = endpoint(c.endpoint, 'extensions.health_check.endpoint', problems);
  if (typeof c.path !== 'string' || !c.path.startsWith('/')) problems.push(`extensions.health_check.path: expected a path starting with /, got "${String(c.path)}"`);
  return { host: at.host, port: at.port, path: String(c.path) };
}

function extensions(raw: unknown, problems: Problems): ExtensionsConfig {
  const given = isObject(raw) ? { ...raw } : raw;
  let health: ExtensionsConfig['health_check'];
  if (isObject(given)) {
    // OTel ids are `type` or `type/name`.
    for (const id of Object.keys(given)) {
      const type = id.split('/')[0];
      if (type === 'health_check') health = healthCheck(given[id], problems);
      else if (EXTENSIONS_NOT_NEEDED[type]) problems.push(`extensions.${id}: ${EXTENSIONS_NOT_NEEDED[type]}`);
      else continue;
      delete given[id];
    }
  }
  raw = given;
  const defaults = {
    auth: { enabled: false },
    traces_worker: { enabled: true },
    admission: { memory_limit: '1536MiB', max_queue_items: 60_000, max_concurrent_requests: 32, rate_limit_spans_per_second: 0, rate_limit_burst: 0 },
  };
  const merged = mergeOntoDefaults(defaults, raw, 'extensions', problems);
  for (const k of ['auth', 'traces_worker'] as const) {
    if (typeof merged[k].enabled !== 'boolean') problems.push(`extensions.${k}.enabled: expected true or false`);
  }
  const a = merged.admission;
  for (const k of ['max_queue_items', 'max_concurrent_requests', 'rate_limit_spans_per_second', 'rate_limit_burst'] as const) {
    if (typeof a[k] !== 'number' || a[k] < 0) problems.push(`extensions.admission.${k}: expected a non-negative number`);
  }
  return {
    ...(health && { health_check: health }),
    auth: { enabled: merged.auth.enabled === true },
    traces_worker: { enabled: merged.traces_worker.enabled !== false },
    admission: {
      memory_limit: bytes(a.memory_limit, 'extensions.admission.memory_limit', problems),
      max_queue_items: a.max_queue_items,
      max_concurrent_requests: a.max_concurrent_requests,
      rate_limit_spans_per_second: a.rate_limit_spans_per_second,
      rate_limit_burst: a.rate_limit_burst,
    },
  };
}

/** Parses, substitutes `${env:…}`, merges defaults and validates; throws one ConfigError listing every problem. */
export function parseConfig(text: string, env: NodeJS.ProcessEnv, factories: AnyFactory[], source = 'config'): CollectorConfig {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`${source}: invalid YAML: ${(err as Error).message}`);
  }
  if (!isObject(doc)) throw new ConfigError(`${source}: expected a mapping at the top level`);
  const resolved = substituteEnv(doc, env) as Record<string, unknown>;
  const problems: Problems = [];
  for (const key of Object.keys(resolved)) {
    if (![...SECTIONS, 'extensions', 'service'].includes(key)) problems.push(`${key}: unknown top-level key`);
  }
  const [receivers, processors, exporters] = SECTIONS.map((s) => instances(resolved[s], s, factories, problems));
  const service = isObject(resolved.service) ? resolved.service : {};
  const rawPipelines = isObject(service.pipelines) ? service.pipelines : {};
  if (!isObject(service.pipelines)) problems.push('service.pipelines: required (e.g. traces: {receivers: [otlp], exporters: [clickhouse]})');
  const pipelines: PipelineSpec[] = [];
  for (const [id, p] of Object.entries(rawPipelines)) {
    const path = `service.pipelines.${id}`;
    const signal = id.split('/')[0] as Signal;
    if (!SIGNALS.includes(signal)) {
      problems.push(`${path}: pipeline ids start with traces, logs or metrics`);
      continue;
    }
    const spec: PipelineSpec = {
      id,
      signal,
      receivers: stringList(isObject(p) ? p.receivers : undefined, `${path}.receivers`, problems),
      processors: stringList(isObject(p) ? p.processors : undefined, `${path}.processors`, problems),
      exporters: stringList(isObject(p) ? p.exporters : undefined, `${path}.exporters`, problems),
    };
    if (!spec.receivers.length) problems.push(`${path}.receivers: at least one receiver is required`);
    if (!spec.exporters.length) problems.push(`${path}.exporters: at least one exporter is required`);
    const check = (list: string[], pool: Map<string, ComponentInstance>, key: string) =>
      list.forEach((cid, i) => {
        const inst = pool.get(cid);
        if (!inst) problems.push(`${path}.${key}[${i}]: "${cid}" is not defined under ${key}`);
        else if (!(inst.factory.signals as readonly Signal[]).includes(signal)) problems.push(`${path}.${key}[${i}]: ${cid} does not support ${signal}`);
        else inst.factory.validateForSignal?.(inst.config, signal, `${key}.${cid}`, problems);
      });
    check(spec.receivers, receivers, 'receivers');
    check(spec.processors, processors, 'processors');
    check(spec.exporters, exporters, 'exporters');
    // The media processor hands its files to the clickhouse exporter alone: without one they would be dropped.
    const mediaAt = spec.processors.findIndex((cid) => processors.get(cid)?.factory.type === 'media');
    if (mediaAt >= 0 && !spec.exporters.some((cid) => exporters.get(cid)?.factory.type === 'clickhouse')) {
      problems.push(`${path}.processors[${mediaAt}]: ${spec.processors[mediaAt]} keeps the files it takes out of spans through a clickhouse exporter, and this pipeline has none (they would be lost): add one, or leave ${spec.processors[mediaAt]} out`);
    }
    pipelines.push(spec);
  }
  const ext = extensions(resolved.extensions, problems);
  if (problems.length) throw new ConfigError(`${source} is invalid:\n  - ${problems.join('\n  - ')}`);
  return { receivers, processors, exporters, pipelines, extensions: ext };
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv, factories: AnyFactory[]): CollectorConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  return parseConfig(text, env, factories, path);
}
