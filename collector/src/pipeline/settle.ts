/**
 * Calls `start`, a synchronous throw becoming a rejection: what an async function would do, for
 * the pipeline's plain functions. They are plain on purpose — V8 keeps an async function's
 * parameters and locals alive until it returns, so a stage awaiting the write of a decoded
 * batch would keep the batch (MBs of spans) alive until the write is acknowledged.
 */
export function settle<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (err) {
    return Promise.reject(err);
  }
}
