/** The online evaluators of a query service: definitions, the spans they read, the judge they call, and the worker scoring in the background. */
import type { Store } from '@watchllm/collector';
import { EvaluatorSpans } from './evaluator-spans.js';
import { EvaluatorStore } from './evaluator-store.js';
import { EvaluatorWorker, type EvaluatorHealth } from './evaluator-worker.js';
import { judgeAccess, type JudgeAccess } from './judge-access.js';
import { createJudge, type Judge } from './judge-client.js';

export interface Evaluators {
  definitions: EvaluatorStore;
  spans: EvaluatorSpans;
  judge: Judge;
  access: JudgeAccess;
  /** The worker's errors per evaluator, when this service runs one. */
  health(projectId: string, name: string): EvaluatorHealth | undefined;
}

export interface EvaluatorsOptions {
  /** The environment the query service started with: the judges its operator allows, and their keys (judge-access.ts). */
  env: NodeJS.ProcessEnv;
  /** Round interval of the worker (default 5 s). */
  intervalMs?: number;
  log?: (msg: string) => void;
}

/** The evaluators' parts on `store`, and their worker (not started). */
export function createEvaluators(store: Store, options: EvaluatorsOptions): { evaluators: Evaluators; worker: EvaluatorWorker } {
  const definitions = new EvaluatorStore(store);
  const judge = createJudge();
  const access = judgeAccess(options.env);
  const worker = new EvaluatorWorker(store, definitions, judge, access, { intervalMs: options.intervalMs, log: options.log });
  return { evaluators: { definitions, spans: new EvaluatorSpans(store), judge, access, health: (p, n) => worker.health(p, n) }, worker };
}
