/**
 * Media uploaded apart from spans (Langfuse's SDKs replace a base64 image, audio clip or PDF in an
 * input or output by a `@@@langfuseMedia:type=…|id=…|source=…@@@` reference and upload the bytes):
 * an upload is asked for, its bytes are PUT to the URL it was given, and the file is then read by
 * its id. The id is the SDK's own — the first 22 characters of the URL-safe base64 SHA-256 of the
 * bytes — so a file is kept once per project, and bytes that do not hash to it are refused.
 */
import { randomBytes } from 'node:crypto';
import { insertRows, MEDIA_TABLE, mediaIdOf, mediaRow, sha256Base64, type MediaRowFields, type Store } from '@watchllm/collector';
import { readRows } from '../reader/query.js';
import { ChangeQueue } from '../versioned-rows.js';

/** How long an upload URL is taken after it was given (the SDK uploads at once, retrying for seconds). */
export const UPLOAD_URL_TTL_MS = 60 * 60_000;

export interface UploadRequest {
  contentType: string;
  contentLength: number;
  /** Base64 SHA-256 of the bytes, as the SDK sends it. */
  sha256: string;
  traceId: string;
  observationId: string;
  field: string;
}

export interface MediaInfo {
  mediaId: string;
  contentType: string;
  contentLength: number;
  uploaded: boolean;
  /** Carried by the download URL of an uploaded file. */
  accessToken: string;
  uploadedAtMs: number;
}

export interface MediaContent {
  contentType: string;
  bytes: Buffer;
}

/** Why an upload's bytes are refused; the status the uploader gets. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** A file's latest row; aliases in camelCase, so a WHERE on a column never reads its aggregate instead. */
interface LatestRow {
  projectId: string;
  contentType: string;
  contentLength: string;
  sha256: string;
  traceId: string;
  observationId: string;
  field: string;
  uploadToken: string;
  accessToken: string;
  uploaded: number;
  updatedMs: string;
}

/** A file's latest row (its bytes left out); `where` picks the file's rows. */
const LATEST = (table: string, where: string) => `
  SELECT ProjectId AS projectId, argMax(ContentType, UpdatedAt) AS contentType, toString(argMax(ContentLength, UpdatedAt)) AS contentLength,
         argMax(Sha256, UpdatedAt) AS sha256, argMax(TraceId, UpdatedAt) AS traceId, argMax(ObservationId, UpdatedAt) AS observationId,
         argMax(Field, UpdatedAt) AS field, argMax(UploadToken, UpdatedAt) AS uploadToken, argMax(AccessToken, UpdatedAt) AS accessToken,
         argMax(Uploaded, UpdatedAt) AS uploaded, toString(toUnixTimestamp64Milli(max(UpdatedAt))) AS updatedMs
  FROM ${table} WHERE ${where}
  GROUP BY ProjectId, MediaId`;

const token = () => randomBytes(24).toString('base64url');

export class MediaStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  /**
   * An upload asked for: the token its URL carries, or null when the project already holds the file
   * (the SDK then skips the upload). A pending upload asked for again keeps its token for an hour.
   */
  requestUpload(projectId: string, req: UploadRequest, now = Date.now()): Promise<{ mediaId: string; uploadToken: string | null }> {
    const mediaId = mediaIdOf(req.sha256);
    return this.changes.serialized(`${projectId}\u0000${mediaId}`, async () => {
      const current = await this.latest(projectId, mediaId);
      if (current?.uploaded) return { mediaId, uploadToken: null };
      if (current && current.sha256 === req.sha256 && now - Number(current.updatedMs) < UPLOAD_URL_TTL_MS / 2) return { mediaId, uploadToken: current.uploadToken };
      const uploadToken = token();
      await this.insert(projectId, { mediaId, ...req, content: '', uploadToken, uploaded: false }, now);
      return { mediaId, uploadToken };
    });
  }

  /** The bytes PUT to an upload URL: checked against what was asked for, then kept. */
  async completeUpload(mediaId: string, uploadToken: string, contentType: string, bytes: Buffer, now = Date.now()): Promise<void> {
    const [row] = await readRows<LatestRow>(this.store, LATEST(this.store.table(MEDIA_TABLE), 'MediaId = {mediaId:String} AND UploadToken = {uploadToken:String}'), { mediaId, uploadToken });
    if (!row) throw new UploadRefused(404, `no upload of media ${mediaId.slice(0, 64)} was asked for with this URL`);
    await this.changes.serialized(`${row.projectId}\u0000${mediaId}`, async () => {
      const current = await this.latest(row.projectId, mediaId);
      if (current?.uploaded) return; // uploaded already (a retry): the same bytes, by their hash
      if (now - Number(row.updatedMs) > UPLOAD_URL_TTL_MS) throw new UploadRefused(403, `the upload URL of media ${mediaId} expired; ask for another`);
      if (contentType.split(';')[0]!.trim().toLowerCase() !== row.contentType.toLowerCase()) {
        throw new UploadRefused(400, `content-type ${contentType.slice(0, 128)} is not the ${row.contentType} this upload was asked for`);
      }
      if (bytes.length !== Number(row.contentLength)) throw new UploadRefused(400, `the body has ${bytes.length} bytes, not the ${row.contentLength} this upload was asked for`);
      if (sha256Base64(bytes) !== row.sha256) throw new UploadRefused(400, 'the body does not hash to the SHA-256 this upload was asked for');
      await this.insert(row.projectId, { ...row, mediaId, contentLength: bytes.length, content: bytes.toString('base64'), uploadToken, uploaded: true }, now);
    });
  }

  /** What the project holds under `mediaId`, undefined when nothing was asked for. */
  async info(projectId: string, mediaId: string): Promise<MediaInfo | undefined> {
    const row = await this.latest(projectId, mediaId);
    return row && infoOf(mediaId, row);
  }

  /** An uploaded file's bytes, by project (the API) or by the token of its download URL (`projectId` undefined). */
  async content(mediaId: string, by: { projectId: string } | { accessToken: string }): Promise<MediaContent | undefined> {
    const where = 'projectId' in by ? 'ProjectId = {projectId:String}' : 'AccessToken = {accessToken:String}';
    const [row] = await readRows<{ contentType: string; content: string }>(
      this.store,
      `SELECT argMax(ContentType, UpdatedAt) AS contentType, argMax(Content, UpdatedAt) AS content FROM ${this.store.table(MEDIA_TABLE)}
       WHERE MediaId = {mediaId:String} AND Uploaded = 1 AND ${where} GROUP BY ProjectId, MediaId LIMIT 1`,
      { mediaId, ...by },
    );
    return row && { contentType: row.contentType, bytes: Buffer.from(row.content, 'base64') };
  }

  private async latest(projectId: string, mediaId: string): Promise<LatestRow | undefined> {
    const [row] = await readRows<LatestRow>(this.store, LATEST(this.store.table(MEDIA_TABLE), 'ProjectId = {projectId:String} AND MediaId = {mediaId:String}'), { projectId, mediaId });
    return row;
  }

  private insert(projectId: string, file: MediaRowFields, createdAtMs: number): Promise<void> {
    return insertRows(this.store, MEDIA_TABLE, [mediaRow(projectId, file, createdAtMs, this.changes.nextUpdateUs())]);
  }
}

function infoOf(mediaId: string, row: LatestRow): MediaInfo {
  return {
    mediaId,
    contentType: row.contentType,
    contentLength: Number(row.contentLength),
    uploaded: row.uploaded === 1,
    accessToken: row.accessToken,
    uploadedAtMs: Number(row.updatedMs),
  };
}
