/**
 * Media uploaded apart from spans (media-store.ts): Langfuse's media API (`/api/public/media`), which
 * its SDKs call for every base64 image, audio clip or file in an input or output — without it the
 * span keeps only a reference and the file is lost — and WatchLLM's read of a file for the UI.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app.js';
import { MediaStore, UPLOAD_URL_TTL_MS, UploadRefused, type MediaContent } from '../media/media-store.js';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';

/** The biggest file kept: a long audio clip or a scanned PDF, not a video archive. */
export const MEDIA_MAX_BYTES = 32 * 1024 * 1024;

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const MEDIA_ID = /^[A-Za-z0-9_-]{22}$/;
/** Shown in place; anything else is downloaded, never rendered from this origin. */
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+|application\/pdf)$/i;

/** The URL this service is reached at, as the caller used it (through a proxy too). */
function publicOrigin(c: Context): string {
  const first = (name: string) => c.req.header(name)?.split(',')[0]?.trim();
  const host = first('x-forwarded-host');
  return host ? `${first('x-forwarded-proto') ?? 'http'}://${host}` : new URL(c.req.url).origin;
}

function mediaIdParam(c: Context): string {
  const id = c.req.param('mediaId') ?? '';
  if (!MEDIA_ID.test(id)) throw new ApiError(400, 'parameter mediaId: expected a media id (22 characters of URL-safe base64)');
  return id;
}

/** A file's bytes as an answer that no browser runs as a page of this origin (an uploaded SVG or HTML file). */
function fileResponse(c: Context, file: MediaContent | undefined, mediaId: string): Response {
  if (!file) throw new ApiError(404, `media ${mediaId} not found`);
  return c.body(new Uint8Array(file.bytes), 200, {
    'content-type': file.contentType,
    'content-disposition': INLINE.test(file.contentType) ? 'inline' : `attachment; filename="${mediaId}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    // The id is the content's hash: a file never changes.
    'cache-control': 'private, max-age=86400, immutable',
  });
}

function field<T>(body: Record<string, unknown>, name: string, check: (v: unknown) => v is T, expected: string): T {
  const v = body[name];
  if (!check(v)) throw new ApiError(400, `field ${name}: expected ${expected}`);
  return v;
}
const isString = (max: number) => (v: unknown): v is string => typeof v === 'string' && v.length <= max;
const optionalId = (body: Record<string, unknown>, name: string) =>
  body[name] === undefined || body[name] === null ? '' : field(body, name, isString(256), 'an id of at most 256 characters');

/**
 * The upload and download URLs the API hands out: no API key (an SDK PUTs to an upload URL as to a
 * presigned bucket URL), the token in the URL instead. Mounted before the API's authentication.
 */
export function mediaTransferRoutes(media: MediaStore) {
  const app = new Hono<AppEnv>();
  app.put('/:mediaId/upload', limitedBody(MEDIA_MAX_BYTES, `a file kept here is at most ${MEDIA_MAX_BYTES / 2 ** 20} MiB`), async (c) => {
    const mediaId = mediaIdParam(c);
    const token = c.req.query('token');
    if (!token) throw new ApiError(403, 'parameter token: the upload URL carries it; ask POST /api/public/media for one');
    try {
      await media.completeUpload(mediaId, token, c.req.header('content-type') ?? '', Buffer.from(await c.req.arrayBuffer()));
    } catch (err) {
      if (err instanceof UploadRefused) throw new ApiError(err.status, err.message);
      throw err;
    }
    return c.body(null, 200);
  });
  app.get('/:mediaId/content', async (c) => {
    const mediaId = mediaIdParam(c);
    const accessToken = c.req.query('token');
    if (!accessToken) throw new ApiError(403, 'parameter token: the download URL carries it; GET /api/public/media/{mediaId} gives one');
    return fileResponse(c, await media.content(mediaId, { accessToken }), mediaId);
  });
  return app;
}

/** Langfuse's media API (`/api/public/media`), scoped to the caller's project. */
export function langfuseMediaRoutes(media: MediaStore) {
  const app = new Hono<AppEnv>();

  app.post('/media', limitedBody(64 * 1024, 'an upload request is a few fields'), async (c) => {
    const raw = await jsonBody(c);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ApiError(400, 'the body must be a JSON object');
    const body = raw as Record<string, unknown>;
    const contentType = field(body, 'contentType', (v): v is string => typeof v === 'string' && MIME.test(v), 'a MIME type such as image/png');
    const contentLength = field(body, 'contentLength', (v): v is number => Number.isInteger(v) && (v as number) > 0, 'the file size in bytes (an integer above 0)');
    if (contentLength > MEDIA_MAX_BYTES) throw new ApiError(400, `field contentLength: ${contentLength} bytes is over the ${MEDIA_MAX_BYTES / 2 ** 20} MiB a file kept here may have`);
    const sha256 = field(body, 'sha256Hash', (v): v is string => typeof v === 'string' && SHA256_BASE64.test(v), 'the base64 SHA-256 of the file (44 characters)');
    const fieldName = body.field === undefined ? '' : field(body, 'field', isString(64), 'input, output or metadata');
    const { mediaId, uploadToken } = await media.requestUpload(c.var.projectId, {
      contentType: contentType.toLowerCase(),
      contentLength,
      sha256,
      traceId: optionalId(body, 'traceId'),
      observationId: optionalId(body, 'observationId'),
      field: fieldName,
    });
    const uploadUrl = uploadToken === null ? null : `${publicOrigin(c)}/api/public/media/${mediaId}/upload?token=${uploadToken}`;
    return c.json({ mediaId, uploadUrl });
  });

  app.get('/media/:mediaId', async (c) => {
    const mediaId = mediaIdParam(c);
    const info = await media.info(c.var.projectId, mediaId);
    if (!info?.uploaded) throw new ApiError(404, `media ${mediaId} not found${info ? ' (its upload has not arrived)' : ''}`);
    return c.json({
      mediaId,
      contentType: info.contentType,
      contentLength: info.contentLength,
      uploadedAt: new Date(info.uploadedAtMs).toISOString(),
      url: `${publicOrigin(c)}/api/public/media/${mediaId}/content?token=${info.accessToken}`,
      // The URL keeps working; an expiry makes SDKs that cache it ask again now and then.
      urlExpiry: new Date(Date.now() + UPLOAD_URL_TTL_MS).toISOString(),
    });
  });

  // The SDK reports how its upload went; the store already knows (it checked the bytes), so this only confirms the file.
  app.patch('/media/:mediaId', limitedBody(64 * 1024, 'an upload report is a few fields'), async (c) => {
    const mediaId = mediaIdParam(c);
    const raw = await jsonBody(c);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ApiError(400, 'the body must be a JSON object');
    field(raw as Record<string, unknown>, 'uploadHttpStatus', (v): v is number => Number.isInteger(v), 'the HTTP status of the upload');
    if (!(await media.info(c.var.projectId, mediaId))) throw new ApiError(404, `media ${mediaId} not found`);
    return c.body(null, 204);
  });
  return app;
}

/** `GET /api/v1/media/{mediaId}`: a file of the caller's project, for the UI to show in place of its reference. */
export function mediaRoutes(media: MediaStore) {
  const app = new Hono<AppEnv>();
  app.get('/:mediaId', async (c) => {
    const mediaId = mediaIdParam(c);
    return fileResponse(c, await media.content(mediaId, { projectId: c.var.projectId }), mediaId);
  });
  return app;
}
