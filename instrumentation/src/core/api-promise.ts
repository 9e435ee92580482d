// Observes the result of a Stainless-generated SDK call (openai, @anthropic-ai/sdk) without changing it:
// the same APIPromise object is returned, so `.withResponse()`, `.asResponse()`, `_thenUnwrap` keep working.
import type { InferenceCall } from './telemetry.js';
import { safely } from './errors.js';
import { observeAsyncIterable, observeStream, type StreamObserver } from './stream.js';

/** What an SDK-specific module does with a finished call's parsed body. */
export interface ResultHandlers {
  /** A non-streaming body: end the call with what it says. */
  onBody(body: unknown, call: InferenceCall): void;
  /** A streaming call: build an observer that accumulates chunks and ends the call. */
  streamObserver(call: InferenceCall): StreamObserver;
  /**
   * Where a (non-Stainless) streaming call's chunks are, when the call resolves to an object holding them
   * (Bedrock's `{ stream }`) rather than to the stream itself: read it, and put the observed one back.
   */
  streamIn?: { get(body: unknown): unknown; set(body: unknown, stream: AsyncIterable<unknown>): unknown };
}

interface StainlessApiPromise {
  responsePromise?: Promise<unknown>;
  parseResponse?: (...args: unknown[]) => Promise<unknown>;
  parsedPromise?: unknown;
  asResponse?: () => Promise<unknown>;
  then?: unknown;
}

export function traceApiPromise<T>(result: T, call: InferenceCall, streaming: boolean, handlers: ResultHandlers): T {
  const p = result as unknown as StainlessApiPromise;
  if (!p || typeof p !== 'object' || typeof p.then !== 'function') {
    call.end({});
    return result;
  }
  if (typeof p.parseResponse !== 'function' || !(p.responsePromise instanceof Promise)) {
    // A plain promise (another SDK, or a wrapper). A stream it resolves to is an async iterable the
    // caller gets wrapped, so the promise handed back is a new one resolving to the wrapper.
    const plain = result as unknown as Promise<unknown>;
    if (streaming) {
      return plain.then(
        (body) => {
          const observer = safely(() => handlers.streamObserver(call));
          const source = handlers.streamIn ? safely(() => handlers.streamIn!.get(body)) : body;
          const wrapped = observer ? observeAsyncIterable(source, call, observer) : undefined;
          if (!wrapped) {
            call.end({});
            return body;
          }
          return handlers.streamIn ? handlers.streamIn.set(body, wrapped) : wrapped;
        },
        (error: unknown) => {
          call.fail(error);
          throw error;
        },
      ) as unknown as T;
    }
    plain.then(
      (body) => settleBody(body, call, streaming, handlers),
      (error: unknown) => call.fail(error),
    );
    return result;
  }
  p.responsePromise.then(undefined, (error: unknown) => call.fail(error));
  const parse = p.parseResponse;
  p.parseResponse = async function tracedParse(this: unknown, ...args: unknown[]) {
    let body: unknown;
    try {
      body = await parse.apply(this, args);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    settleBody(body, call, streaming, handlers);
    return body;
  };
  const asResponse = p.asResponse;
  if (typeof asResponse === 'function') {
    // A raw response read before any parse may never be parsed: end the span without a body then.
    p.asResponse = function tracedAsResponse(this: StainlessApiPromise) {
      return asResponse.call(this).then((response) => {
        if (!this.parsedPromise) call.end({});
        return response;
      });
    };
  }
  return result;
}

function settleBody(body: unknown, call: InferenceCall, streaming: boolean, handlers: ResultHandlers): void {
  if (streaming) {
    const observer = safely(() => handlers.streamObserver(call));
    if (!observer || !observeStream(body, call, observer)) call.end({});
    return;
  }
  try {
    handlers.onBody(body, call);
  } catch {
    call.end({});
  }
}
