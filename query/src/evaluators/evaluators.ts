/** The online evaluators of a query service: definitions, the spans they read, the judge they call, and the worker scoring in the background. */
import type { Store } from '@watchllm/collector';
import type { SecretLookup } from './evaluate.js';
import { EvaluatorSpans } from './evaluator-spans.js';
import { EvaluatorStore } from './evaluator-store.js';
import { EvaluatorWorker, type EvaluatorHealth } from './evaluator-worker.js';
import { createJudge, type Judge } from './judge-client.js';

export interface Evaluators {
  definitions: EvaluatorStore;
  spans: EvaluatorSpans;
  judge: Judge;
  secret: SecretLookup;
  /** The worker's errors per evaluator, when this service runs one. */
  health(projectId: string, name: string): EvaluatorHealth | undefined;
}

export interface EvaluatorsOptions {
  /** The environment the query service started with: judges' API keys are read from it by name. */
  env: NodeJS.ProcessEnv;
  /** Round interval of the worker (default 5 s). */
  intervalMs?: number;
  log?: (msg: string) => void;
}

/** The evaluators' parts on `store`, and their worker (not started). */
export function createEvaluators(store: Store, options: EvaluatorsOptions): { evaluators: Evaluators; worker: EvaluatorWorker } {
  const definitions = new EvaluatorStore(store);
  const judge = createJudge();
  const secret: SecretLookup = (name) => options.env[name] || undefined;
  const worker = new EvaluatorWorker(store, definitions, judge, secret, { intervalMs: options.intervalMs, log: options.log });
  return { evaluators: { definitions, spans: new EvaluatorSpans(store), judge, secret, health: (p, n) => worker.health(p, n) }, worker };
}
