import { mediaAccessToken, type ExtractedMedia } from '../model/media.js';
import { MEDIA_TABLE } from './migrations/015-media.js';
import { jsonRows, type EncodedRows } from './row-encoding.js';
import { dateTime64Ms, dateTime64Us } from './values.js';

/** What a watchllm_media row says of a file: kept (its bytes, `uploaded`) or an upload asked for (no bytes yet). */
export interface MediaRowFields extends ExtractedMedia {
  /** The token of the upload URL the Langfuse media API gave ('' for a file taken out at ingest). */
  uploadToken: string;
  uploaded: boolean;
}

/** One watchllm_media row; a kept file carries its download token (mediaAccessToken), an upload asked for none. */
export function mediaRow(projectId: string, m: MediaRowFields, createdAtMs: number, updatedAtUs: number): Record<string, unknown> {
  return {
    ProjectId: projectId,
    MediaId: m.mediaId,
    ContentType: m.contentType,
    ContentLength: m.contentLength,
    Sha256: m.sha256,
    TraceId: m.traceId,
    ObservationId: m.observationId,
    Field: m.field,
    UploadToken: m.uploadToken,
    AccessToken: m.uploaded ? mediaAccessToken(projectId, m.sha256) : '',
    Content: m.content,
    Uploaded: m.uploaded ? 1 : 0,
    CreatedAt: dateTime64Ms(createdAtMs),
    UpdatedAt: dateTime64Us(updatedAtUs),
  };
}

/**
 * watchllm_media rows of the files a batch carries, as an upload the Langfuse media API completed: GET
 * /api/v1/media/{id} and Langfuse's GET /api/public/media/{id} serve them as they serve uploads.
 */
export function mediaRows(projectId: string, media: ExtractedMedia[], nowMs = Date.now()): Record<string, unknown>[] {
  return media.map((m) => mediaRow(projectId, { ...m, uploadToken: '', uploaded: true }, nowMs, nowMs * 1000));
}

/** The insert body of a batch's files; none when it carries none. */
export function mediaBodies(batch: { projectId: string; media?: ExtractedMedia[] }): EncodedRows[] {
  return batch.media?.length ? [jsonRows(MEDIA_TABLE, mediaRows(batch.projectId, batch.media))] : [];
}
