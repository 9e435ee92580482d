import type { Process } from '../components/types.js';

/**
 * Runs a batch through processors from `from` on: synchronous ones straight on, an asynchronous one
 * continuing the rest when it resolves. Returns the last processor's batch, or a promise of it.
 */
export function runProcessors(processors: Process[], batch: unknown, from = 0): unknown {
  let b = batch;
  for (let i = from; i < processors.length; i++) {
    const out = processors[i](b);
    if (out instanceof Promise) return out.then((next) => runProcessors(processors, next, i + 1));
    b = out;
  }
  return b;
}
