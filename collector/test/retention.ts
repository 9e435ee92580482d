import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Whether what `watched` refers to is still reachable, after a collection, while `pending` has
 * not settled; `finish` then lets it settle. A pipeline stage must not keep its batch while it
 * waits for the write (settle.ts): every in-flight batch would outlive the young generation.
 */
export async function reachableWhilePending(watched: () => WeakRef<object> | undefined, pending: Promise<unknown>, finish: () => void): Promise<boolean> {
  await new Promise((r) => setImmediate(r));
  gc();
  const ref = watched();
  if (!ref) throw new Error('the stage never received its batch');
  const reachable = ref.deref() !== undefined;
  finish();
  await pending;
  return reachable;
}

/** Starts `consume` on a fresh batch — in a plain function, so no async caller's frame holds it. */
export function startOnFreshBatch(consume: (batch: { projectId: string }) => Promise<unknown>): { ref: WeakRef<object>; pending: Promise<unknown> } {
  const batch = { projectId: 'p', resourceSpans: [], items: new Array(1000).fill(0) };
  return { ref: new WeakRef(batch), pending: consume(batch) };
}
