// Wraps a Stainless `Stream`'s iterator so every chunk is observed and the span ends exactly once:
// on the last chunk, on an error, when the consumer stops early, on abort, or when the stream is dropped.
import type { InferenceCall, InferenceResult } from './telemetry.js';

export interface StreamObserver {
  onChunk(chunk: unknown): void;
  /** What has been accumulated so far (also used when the consumer stops early). */
  result(): InferenceResult;
}

interface StainlessStream {
  iterator?: () => AsyncIterator<unknown>;
  controller?: { signal?: AbortSignal };
}

// A stream nobody iterates or aborts would keep its span open forever; end it when it is collected.
const dropped = new FinalizationRegistry<() => void>((finish) => finish());

export function observeStream(stream: unknown, call: InferenceCall, observer: StreamObserver): boolean {
  const s = stream as StainlessStream;
  if (!s || typeof s !== 'object' || typeof s.iterator !== 'function') return false;
  const original = s.iterator;
  const finish = finisher(call, observer);
  s.iterator = function observedIterator(this: unknown) {
    return wrapIterator(original.call(this), call, observer, finish);
  };
  const signal = s.controller?.signal;
  signal?.addEventListener('abort', () => finish(), { once: true });
  dropped.register(s, () => finish());
  return true;
}

/**
 * An async iterable stream of another SDK (an async generator, as @google/genai returns): a wrapper
 * that observes each chunk the same way, or undefined when `stream` is not async iterable.
 */
export function observeAsyncIterable(stream: unknown, call: InferenceCall, observer: StreamObserver): AsyncIterableIterator<unknown> | undefined {
  const source = stream as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> } | null;
  if (!source || typeof source[Symbol.asyncIterator] !== 'function') return undefined;
  const finish = finisher(call, observer);
  const wrapped = wrapIterator(source[Symbol.asyncIterator]!(), call, observer, finish);
  dropped.register(wrapped, () => finish());
  return wrapped;
}

/** Ends the call once — with what the observer accumulated, or as failed on an error — however often it is called. */
function finisher(call: InferenceCall, observer: StreamObserver): (error?: unknown) => void {
  let finished = false;
  return (error) => {
    if (finished) return;
    finished = true;
    if (error !== undefined) call.fail(error);
    else call.end(safeResult(observer));
  };
}

function wrapIterator(
  inner: AsyncIterator<unknown>,
  call: InferenceCall,
  observer: StreamObserver,
  finish: (error?: unknown) => void,
): AsyncIterableIterator<unknown> {
  return {
    async next(...args: [] | [unknown]) {
      let step: IteratorResult<unknown>;
      try {
        step = await inner.next(...args);
      } catch (error) {
        finish(error);
        throw error;
      }
      if (step.done) {
        finish();
      } else {
        call.firstChunk();
        try {
          observer.onChunk(step.value);
        } catch {
          // A chunk we cannot read is still the user's chunk: pass it on.
        }
      }
      return step;
    },
    async return(value?: unknown) {
      finish();
      return inner.return ? inner.return(value) : { done: true, value };
    },
    async throw(error?: unknown) {
      finish(error);
      if (inner.throw) return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function safeResult(observer: StreamObserver): InferenceResult {
  try {
    return observer.result();
  } catch {
    return {};
  }
}
