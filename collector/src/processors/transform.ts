import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { TracesBatch } from '../model/types.js';
import { compileCondition, ERROR_MODES, OttlError, type Condition } from './ottl.js';
import { CONTEXTS, inferContext, type ContextName, type Group, type Signal } from './ottl-contexts.js';
import { compileStatement, type Statement, type StatementContext } from './ottl-statements.js';

/**
 * The contrib `transform` processor: groups of OTTL statements, each group for one context
 * (`span`, `spanevent`, `resource`, `scope` on traces; `log`, `resource`, `scope` on logs;
 * `metric`, `datapoint`, `resource`, `scope` on metrics), optionally only for the items one of the
 * group's `conditions` holds for. Statements run in order on every item of their context.
 *
 * As in contrib 0.120+, a list entry may also be a bare statement, and a group may leave out its
 * context: it is inferred from the paths' prefixes (`set(span.name, …)` runs per span).
 */
export interface StatementGroup {
  context?: string;
  /** Accepted as in the contrib processor; statements here never fail at run time. */
  error_mode?: string;
  conditions?: string[];
  statements: string[];
}

export type StatementEntry = string | StatementGroup;

export interface TransformConfig {
  trace_statements?: StatementEntry[];
  log_statements?: StatementEntry[];
  metric_statements?: StatementEntry[];
}

/** Which contexts each signal's statement groups may name (the log record's context is `log`, as in the contrib processor). */
const STATEMENT_CONTEXTS = {
  trace_statements: { span: CONTEXTS.span, spanevent: CONTEXTS.spanevent, resource: CONTEXTS.resource, scope: CONTEXTS.scope },
  log_statements: { log: CONTEXTS.log_record, resource: CONTEXTS.resource, scope: CONTEXTS.scope },
  metric_statements: { metric: CONTEXTS.metric, datapoint: CONTEXTS.datapoint, resource: CONTEXTS.resource, scope: CONTEXTS.scope },
} as const;

interface CompiledGroup {
  context: string;
  run: (item: never) => void;
}

/** A group's statements as one function of an item (conditions ORed); throws an Error with a line per bad statement or condition. */
function compileGroup(group: StatementGroup, contexts: Record<string, StatementContext<never>>, path: string): CompiledGroup {
  const context = contexts[group?.context ?? ''];
  if (!context) throw new Error(`${path}.context: "${group?.context ?? ''}" is not one of ${Object.keys(contexts).join(', ')}`);
  const errors: string[] = [];
  const compile = <F>(list: unknown, key: string, one: (src: string) => F): F[] => {
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      errors.push(`${path}.${key}: expected a list`);
      return [];
    }
    return list.flatMap((src, i) => {
      try {
        if (typeof src !== 'string') throw new OttlError(`expected a string, got ${JSON.stringify(src)}`);
        return [one(src)];
      } catch (err) {
        if (!(err instanceof OttlError)) throw err;
        errors.push(`${path}.${key}[${i}]: ${err.message}${typeof src === 'string' ? ` in ${JSON.stringify(src)}` : ''}`);
        return [];
      }
    });
  };
  const conditions: Condition<never>[] = compile(group.conditions, 'conditions', (src) => compileCondition(src, context));
  const statements: Statement<never>[] = compile(group.statements, 'statements', (src) => compileStatement(src, context));
  if (!Array.isArray(group.statements) || group.statements.length === 0) errors.push(`${path}.statements: give at least one statement`);
  if (errors.length) throw new Error(errors.join('\n'));
  return {
    context: group.context!,
    run: (item) => {
      if (conditions.length && !conditions.some((c) => c(item))) return;
      for (const s of statements) s(item);
    },
  };
}

/** The group name the transform processor gives each inferred context (the log record's is `log`). */
const GROUP_NAMES: Partial<Record<ContextName, string>> = { log_record: 'log' };

/**
 * Every entry as a group with its context: a bare statement in the group of the statements just
 * before it when their context is the same, a group without a context given the one its
 * statements and conditions infer. Entries and their config paths, in order.
 */
function explicitGroups(entries: StatementEntry[], signal: Signal, path: string): { group: StatementGroup; path: string }[] {
  const out: { group: StatementGroup; path: string; bare?: boolean }[] = [];
  const errors: string[] = [];
  const infer = (sources: unknown[], at: string): string | undefined => {
    try {
      const context = inferContext(sources.filter((s): s is string => typeof s === 'string'), signal);
      return GROUP_NAMES[context] ?? context;
    } catch (err) {
      if (!(err instanceof OttlError)) throw err;
      errors.push(`${at}: ${err.message}`);
      return undefined;
    }
  };
  entries.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    if (typeof entry === 'string') {
      const context = infer([entry], at);
      if (context === undefined) return;
      const last = out[out.length - 1];
      if (last?.bare && last.group.context === context) last.group.statements.push(entry);
      else out.push({ group: { context, statements: [entry] }, path: at, bare: true });
      return;
    }
    if (entry?.error_mode !== undefined && !ERROR_MODES.includes(entry.error_mode)) errors.push(`${at}.error_mode: "${entry.error_mode}" is not one of ${ERROR_MODES.join(', ')}`);
    if (entry && typeof entry === 'object' && entry.context === undefined && Array.isArray(entry.statements)) {
      const context = infer([...entry.statements, ...(Array.isArray(entry.conditions) ? entry.conditions : [])], `${at}.statements`);
      if (context !== undefined) out.push({ group: { ...entry, context }, path: at });
      return;
    }
    out.push({ group: entry, path: at });
  });
  if (errors.length) throw new Error(errors.join('\n'));
  return out;
}

function compileGroups(entries: StatementEntry[] | undefined, signal: Signal, contexts: Record<string, StatementContext<never>>, path: string): CompiledGroup[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) throw new Error(`${path}: expected a list of statements or statement groups ({ context?, conditions?, statements })`);
  const errors: string[] = [];
  const compiled = explicitGroups(entries, signal, path).flatMap(({ group, path: at }) => {
    try {
      return [compileGroup(group, contexts, at)];
    } catch (err) {
      errors.push((err as Error).message);
      return [];
    }
  });
  if (errors.length) throw new Error(errors.join('\n'));
  return compiled;
}

export function createTransformProcessor(config: TransformConfig, path: string) {
  const traces = compileGroups(config.trace_statements, 'traces', STATEMENT_CONTEXTS.trace_statements as never, `${path}.trace_statements`);
  const logs = compileGroups(config.log_statements, 'logs', STATEMENT_CONTEXTS.log_statements as never, `${path}.log_statements`);
  const metrics = compileGroups(config.metric_statements, 'metrics', STATEMENT_CONTEXTS.metric_statements as never, `${path}.metric_statements`);

  /** Runs each group, in order, over the items of its context. */
  const each = <B>(groups: CompiledGroup[], batch: B, visit: (context: string, run: (item: never) => void, batch: B) => void): B => {
    for (const g of groups) visit(g.context, g.run, batch);
    return batch;
  };
  return {
    processTraces: (batch: TracesBatch): TracesBatch =>
      each(traces, batch, (context, run, b) => {
        for (const rs of b.resourceSpans) {
          rs.scopeSpans.forEach((ss, i) => {
            const group: Group = { resource: rs.resource, scope: ss.scope };
            if (ranOnGroup(context, run, group, i)) return;
            for (const span of ss.spans) {
              if (context === 'span') run({ ...group, span } as never);
              else for (const event of span.events) run({ ...group, span, event } as never);
            }
          });
        }
      }),
    processLogs: (batch: LogsBatch): LogsBatch =>
      each(logs, batch, (context, run, b) => {
        for (const rl of b.resourceLogs) {
          rl.scopeLogs.forEach((sl, i) => {
            const group: Group = { resource: rl.resource.attributes, scope: sl.scope };
            if (!ranOnGroup(context, run, group, i)) for (const record of sl.logRecords) run({ ...group, record } as never);
          });
        }
      }),
    processMetrics: (batch: MetricsBatch): MetricsBatch =>
      each(metrics, batch, (context, run, b) => {
        for (const rm of b.resourceMetrics) {
          rm.scopeMetrics.forEach((sm, i) => {
            const group: Group = { resource: rm.resource.attributes, scope: sm.scope };
            if (ranOnGroup(context, run, group, i)) return;
            for (const metric of sm.metrics) {
              if (context === 'metric') run({ ...group, metric } as never);
              else for (const point of metric.data.points) run({ ...group, metric, point } as never);
            }
          });
        }
      }),
  };
}

/** A `resource` group runs once per resource (with its first scope), a `scope` group once per scope: true when `context` is one of them. */
function ranOnGroup(context: string, run: (item: never) => void, group: Group, scopeIndex: number): boolean {
  if (context === 'resource') {
    if (scopeIndex === 0) run(group as never);
    return true;
  }
  if (context !== 'scope') return false;
  run(group as never);
  return true;
}
