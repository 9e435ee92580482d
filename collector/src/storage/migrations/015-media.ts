import type { Migration } from '../schema.js';

export const MEDIA_TABLE = 'watchllm_media';

/**
 * Media (images, audio, PDFs) that Langfuse's SDKs take out of a span's input or output and upload
 * apart, leaving a `@@@langfuseMedia:…|id=…@@@` reference in the span. An id is its content's hash,
 * so a file is kept once per project however many spans show it. A row per change: the upload asked
 * for (with the token its upload URL carries), then the upload with its bytes (base64) and the token
 * its download URL carries; reads take the latest row. Raw-data retention expires it with the spans.
 */
export const mediaMigration: Migration = {
  version: 15,
  name: 'media uploaded apart from the spans that show it',
  objects: [
    {
      kind: 'table',
      name: MEDIA_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'MediaId String',
        'ContentType LowCardinality(String)',
        'ContentLength UInt64',
        'Sha256 String',
        'TraceId String',
        'ObservationId String',
        'Field LowCardinality(String)',
        'UploadToken String',
        'AccessToken String',
        'Content String CODEC(ZSTD(1))',
        'Uploaded UInt8',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
      ],
      // A file sent again (an image in every call of a few-shot prompt: a row per batch that holds it) is kept
      // once when parts merge; reads take the latest row meanwhile.
      engine: 'ReplacingMergeTree',
      orderBy: '(ProjectId, MediaId)',
      // An acknowledged upload must survive a power loss, as acknowledged spans do (migration 8).
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1',
      shardingKey: 'cityHash64(ProjectId, MediaId)',
    },
  ],
};
