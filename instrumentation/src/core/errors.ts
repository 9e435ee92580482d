import { ERROR_TYPE_OTHER } from './attributes.js';

/**
 * A low-cardinality `error.type`: the SDK's error class name (RateLimitError, InternalServerError,
 * APIConnectionError, …), which already encodes the HTTP status family; `_OTHER` when unknown.
 */
export function errorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name && name !== 'Object') return name;
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') return String(status);
  }
  return ERROR_TYPE_OTHER;
}

/** Runs an instrumentation step; a failure there must never reach the host app. */
export function safely<T>(step: () => T): T | undefined {
  try {
    return step();
  } catch {
    return undefined;
  }
}
