import { createHash } from 'node:crypto';

/**
 * A file (image, audio clip, PDF …) taken out of a span or log record, which keeps a
 * `@@@langfuseMedia:…@@@` reference in its place; the exporter stores it in watchllm_media.
 */
export interface ExtractedMedia {
  /** Langfuse's id of the bytes (mediaIdOf their SHA-256). */
  mediaId: string;
  contentType: string;
  /** Decoded bytes. */
  contentLength: number;
  /** Standard base64 of the bytes' SHA-256. */
  sha256: string;
  /** The bytes as standard base64, no whitespace. */
  content: string;
  traceId: string;
  /** The span's id; '' for a log record not tied to a span. */
  observationId: string;
  /** The attribute key the file was in, or 'body'. */
  field: string;
}

/** How the file was written where it was found (Langfuse's `source` values). */
export type MediaSource = 'base64_data_uri' | 'bytes';

/** Langfuse's id of a file: the start of its URL-safe base64 SHA-256. */
export const mediaIdOf = (sha256Base64: string) => sha256Base64.replaceAll('+', '-').replaceAll('/', '_').slice(0, 22);

export const sha256Base64 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

/**
 * The token a kept file's download URL carries: the same for every row of the file in a project (rows of one file
 * collapse when parts merge, and a URL given out keeps working), and not derivable from the id a span shows (the id
 * is a part of the hash; this needs all of it, i.e. the bytes).
 */
export const mediaAccessToken = (projectId: string, sha256: string) => createHash('sha256').update(`${projectId}\u0000${sha256}`).digest('base64url');

/** What stands in a message for a kept file (what Langfuse's SDKs write, and the UI shows as the file). */
export const mediaReference = (contentType: string, mediaId: string, source: MediaSource) => `@@@langfuseMedia:type=${contentType}|id=${mediaId}|source=${source}@@@`;
