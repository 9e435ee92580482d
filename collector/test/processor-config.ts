import { parseConfig, type CollectorConfig } from '../src/config/load.js';
import { FACTORIES } from '../src/components/registry.js';
import { commentedProcessorExample } from './commented-example.js';

/** A config whose three pipelines run `list` (processor ids) with `processors` (YAML under `processors:`). */
export function pipelineConfig(processors: string, list: string): string {
  return `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:4318" } } } }
processors:
${processors}
exporters: { clickhouse: {} }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [${list}], exporters: [clickhouse] }
    logs: { receivers: [otlp], processors: [${list}], exporters: [clickhouse] }
    metrics: { receivers: [otlp], processors: [${list}], exporters: [clickhouse] }
`;
}

export const loadPipelineConfig = (processors: string, list: string, env: Record<string, string> = {}): CollectorConfig => parseConfig(pipelineConfig(processors, list), env, FACTORIES);

/** What loading such a config reports ('' when it loads). */
export function configProblems(processors: string, list: string, env: Record<string, string> = {}): string {
  try {
    loadPipelineConfig(processors, list, env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

/** Loads the commented examples of otel-config.yaml (uncommented) for these processor ids. */
export const loadCommentedExamples = (...ids: string[]): CollectorConfig => loadPipelineConfig(ids.map(commentedProcessorExample).join('\n'), ids.join(', '));
