import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

/** Refuses a body past `maxSize` with a 413 saying `what`, before it is read whole. */
export const limitedBody = (maxSize: number, what: string) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, `the body is over ${maxSize / 1024} KiB; ${what}`);
    },
  });

/** The request's JSON body, or a 400 saying it must be JSON. */
export const jsonBody = (c: { req: { json(): Promise<unknown> } }): Promise<unknown> =>
  c.req.json().catch(() => {
    throw new ApiError(400, 'the body must be JSON (content-type: application/json)');
  });
