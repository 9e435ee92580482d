import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

/** Deeper than any body an API here takes; what would overflow the stack when written back out. */
const MAX_JSON_DEPTH = 64;

/** Refuses a body past `maxSize` with a 413 saying `what`, before it is read whole. */
export const limitedBody = (maxSize: number, what: string) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, `the body is over ${maxSize / 1024} KiB; ${what}`);
    },
  });

/** Whether arrays and objects in `value` nest deeper than `max` (walked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The request's JSON body, or a 400 saying it must be JSON (and not nested absurdly deep). */
export async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'the body must be JSON (content-type: application/json)');
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new ApiError(400, `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
  return body;
}

/** `raw` as an object, or a 400 saying `what` must be one. */
export function jsonObject(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ApiError(400, `${what}: expected a JSON object`);
  return raw as Record<string, unknown>;
}

/** `raw` as an object whose fields are all among `fields`, or a 400 naming the first other one (and the fields). */
export function objectBody(raw: unknown, fields: readonly string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ApiError(400, `the body must be a JSON object with ${fields.join(', ')}`);
  const unknown = Object.keys(raw).find((k) => !fields.includes(k));
  if (unknown !== undefined) throw new ApiError(400, `unknown field "${unknown.slice(0, 64)}" (fields: ${fields.join(', ')})`);
  return raw as Record<string, unknown>;
}
