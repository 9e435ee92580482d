/**
 * Calls `start`, a synchronous throw becoming a rejection: what an async function would do, for
 * the pipeline's plain functions. They are plain on purpose — V8 keeps an async function's
 * parameters and locals alive until it returns, so a stage awaiting the write of a decoded
 * batch would keep the batch (MBs of spans) alive until the write is acknowledged.
 *
 * The same holds for callbacks: a closure keeps the whole scope it was made in, not only what it
 * uses. A `.then(() => …)` made in a function whose batch is captured by another closure (this
 * `start`, say) holds the batch until the write settles; such callbacks are made elsewhere.
 */
export function settle<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (err) {
    return Promise.reject(err);
  }
}

/** A `.then` callback for "done, no value": made once here, outside any scope that holds a batch. */
export function toVoid(): void {}
