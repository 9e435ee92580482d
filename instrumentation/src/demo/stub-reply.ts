// What a stub route answers: a JSON body or a list of server-sent events. The server does the I/O.

export type StubReply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; events: SseEvent[] }
  /** A binary stream (e.g. the AWS event stream), written chunk by chunk. */
  | { kind: 'binary'; contentType: string; chunks: Buffer[] };

export interface SseEvent {
  /** `event:` line; omitted for OpenAI chat-style streams. */
  event?: string;
  data: unknown;
}

export const json = (body: unknown, status = 200): StubReply => ({ kind: 'json', status, body });
export const sse = (events: SseEvent[]): StubReply => ({ kind: 'sse', events });

/** Provider-specific body for an injected error. */
export type ErrorBody = (status: number, message: string) => unknown;
