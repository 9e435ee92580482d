import { mediaAccessToken, type ExtractedMedia } from '../model/media.js';
import { MEDIA_TABLE } from './migrations/015-media.js';
import { jsonRows, type EncodedRows } from './row-encoding.js';
import { dateTime64Ms, dateTime64Us } from './values.js';

/**
 * watchllm_media rows of the files a batch carries, as an upload the Langfuse media API completed
 * (Uploaded 1, the file's download token): GET /api/v1/media/{id} and Langfuse's
 * GET /api/public/media/{id} serve them as they serve uploads.
 */
export function mediaRows(projectId: string, media: ExtractedMedia[], nowMs = Date.now()): Record<string, unknown>[] {
  return media.map((m) => ({
    ProjectId: projectId,
    MediaId: m.mediaId,
    ContentType: m.contentType,
    ContentLength: m.contentLength,
    Sha256: m.sha256,
    TraceId: m.traceId,
    ObservationId: m.observationId,
    Field: m.field,
    UploadToken: '',
    AccessToken: mediaAccessToken(projectId, m.sha256),
    Content: m.content,
    Uploaded: 1,
    CreatedAt: dateTime64Ms(nowMs),
    UpdatedAt: dateTime64Us(nowMs * 1000),
  }));
}

/** The insert body of a batch's files; none when it carries none. */
export function mediaBodies(batch: { projectId: string; media?: ExtractedMedia[] }): EncodedRows[] {
  return batch.media?.length ? [jsonRows(MEDIA_TABLE, mediaRows(batch.projectId, batch.media))] : [];
}
