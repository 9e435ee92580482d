/** The request body cannot be decoded as OTLP; permanent (HTTP 400 / gRPC INVALID_ARGUMENT). */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Reasons a request is refused; each maps to one HTTP and one gRPC status in one place. */
export type RefusalReason =
  | 'bad_request'
  | 'unauthenticated'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'overloaded'
  | 'store_unavailable'
  | 'internal';

/** A refusal with a reason; `retryAfterSeconds` set means the client should retry later. */
export class RefusedError extends Error {
  override name = 'RefusedError';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get retryable(): boolean {
    return this.retryAfterSeconds !== undefined;
  }
}

const HTTP_STATUS: Record<RefusalReason, number> = {
  bad_request: 400,
  unauthenticated: 401,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  overloaded: 503,
  store_unavailable: 503,
  internal: 500,
};

// gRPC status codes (grpc/status.h).
export const GRPC = { OK: 0, INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16, UNIMPLEMENTED: 12 } as const;

const GRPC_STATUS: Record<RefusalReason, number> = {
  bad_request: GRPC.INVALID_ARGUMENT,
  unauthenticated: GRPC.UNAUTHENTICATED,
  too_large: GRPC.INVALID_ARGUMENT,
  unsupported_media_type: GRPC.INVALID_ARGUMENT,
  rate_limited: GRPC.RESOURCE_EXHAUSTED,
  overloaded: GRPC.UNAVAILABLE,
  store_unavailable: GRPC.UNAVAILABLE,
  internal: GRPC.INTERNAL,
};

/** Classifies any error thrown while handling a request. */
export function toRefusal(err: unknown): RefusedError {
  if (err instanceof RefusedError) return err;
  if (err instanceof OtlpDecodeError) return new RefusedError('bad_request', err.message, undefined, { cause: err });
  return new RefusedError('internal', `internal error: ${(err as Error)?.message ?? String(err)}`, undefined, { cause: err });
}

export function httpStatusOf(e: RefusedError): number {
  return HTTP_STATUS[e.reason];
}

export function grpcStatusOf(e: RefusedError): number {
  return GRPC_STATUS[e.reason];
}
