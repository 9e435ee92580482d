import { ApiError } from '../routes/errors.js';

// Store errors caused by what the caller wrote (a regular expression RE2 refuses), not by the server.
const CALLER_ERROR_TYPES: Record<string, string> = { CANNOT_COMPILE_REGEXP: 'invalid regular expression' };

/** Runs a read; store errors the caller caused become 400 ApiErrors, others pass through. */
export async function withCallerErrors<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    const type = (err as { type?: unknown })?.type;
    const what = typeof type === 'string' ? CALLER_ERROR_TYPES[type] : undefined;
    if (what) throw new ApiError(400, `${what}: ${(err as Error).message.split('\n')[0].slice(0, 300)}`);
    throw err;
  }
}
