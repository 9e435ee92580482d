import { parseConfig, type CollectorConfig } from '../src/config/load.js';
import { FACTORIES } from '../src/components/registry.js';
import { commentedExample } from './commented-example.js';
import { configErrors } from './config-errors.js';

/** A config whose pipelines (all three signals unless given) run `list` (processor ids) with `processors` (YAML under `processors:`). */
export function pipelineConfig(processors: string, list: string, signals: string[] = ['traces', 'logs', 'metrics']): string {
  const pipelines = signals.map((signal) => `    ${signal}: { receivers: [otlp], processors: [${list}], exporters: [clickhouse] }`).join('\n');
  return `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:4318" } } } }
processors:
${processors}
exporters: { clickhouse: {} }
service:
  pipelines:
${pipelines}
`;
}

export const loadPipelineConfig = (processors: string, list: string, env: Record<string, string> = {}, signals?: string[]): CollectorConfig =>
  parseConfig(pipelineConfig(processors, list, signals), env, FACTORIES);

/** What loading such a config reports ('' when it loads). */
export const configProblems = (processors: string, list: string, env: Record<string, string> = {}): string => configErrors(pipelineConfig(processors, list), env);

/** Loads the commented examples of otel-config.yaml (uncommented) for these processor ids. */
export const loadCommentedExamples = (...ids: string[]): CollectorConfig => loadPipelineConfig(ids.map(commentedExample).join('\n'), ids.join(', '));
