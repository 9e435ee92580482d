import { describe, expect, it } from 'vitest';
import { reachableWhilePending, startOnFreshBatch } from '../../../test/retention.js';
import type { LogsBatch } from '../../model/logs.js';
import { mediaAccessToken, type ExtractedMedia } from '../../model/media.js';
import type { TracesBatch } from '../../model/types.js';
import { MEDIA_TABLE } from '../../storage/migrations/015-media.js';
import type { EncodedRows } from '../../storage/row-encoding.js';
import { attrs, scopeInfo, testLogRecord, testSpan } from '../../../test/model-fixtures.js';
import { BATCH_ENCODERS, encodingConsumer } from './clickhouse.js';

describe('encodingConsumer', () => {
  const encodeTwo = () => [
    { table: 'a', body: Buffer.from('1'), rows: 1 },
    { table: 'b', body: Buffer.from('2'), rows: 1 },
  ];

  it('encodes at once and does not hold the batch while the writes are pending', async () => {
    const written: EncodedRows[] = [];
    const acks: (() => void)[] = [];
    const consume = encodingConsumer(encodeTwo, undefined, (encoded) => {
      written.push(encoded);
      return new Promise<void>((resolve) => acks.push(resolve));
    });
    const { ref, pending } = startOnFreshBatch(consume);
    expect(written.map((w) => w.table)).toEqual(['a', 'b']);
    expect(await reachableWhilePending(() => ref, pending, () => acks.forEach((ack) => ack()))).toBe(false);
  });

  it('resolves only when every write has, and rejects when encoding throws', async () => {
    const acks: (() => void)[] = [];
    let done = false;
    const writing = encodingConsumer(encodeTwo, undefined, () => new Promise<void>((resolve) => acks.push(resolve)))({}).then(() => (done = true));
    acks[0]();
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    acks[1]();
    await writing;
    expect(done).toBe(true);
    const bad = encodingConsumer(() => {
      throw new Error('cannot encode');
    }, undefined, () => Promise.resolve());
    await expect(bad({})).rejects.toThrow('cannot encode');
  });
});

describe('BATCH_ENCODERS: files the media processor took out', () => {
  const png: ExtractedMedia = {
    mediaId: 'abcdefghijklmnopqrstuv',
    contentType: 'image/png',
    contentLength: 3,
    sha256: 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=',
    content: 'AAEC',
    traceId: '5b8efff798038103d269b633813fc60c',
    observationId: 'eee19b7ec3c1b174',
    field: 'gen_ai.input.messages',
  };
  const rowsOf = (e: EncodedRows) => String(e.body).split('\n').map((l) => JSON.parse(l));

  it('add a watchllm_media body to a traces or logs batch carrying files, one row each, served as uploads', () => {
    const traces: TracesBatch = { projectId: 'p1', resourceSpans: [{ resource: attrs({}), scopeSpans: [{ scope: scopeInfo(), spans: [testSpan('chat', 3, attrs({}))] }] }], rejectedSpans: 0, rejectionReasons: [] };
    expect(BATCH_ENCODERS.traces(traces).map((e) => e.table)).toEqual(['otel_traces']);
    const before = Date.now();
    const bodies = BATCH_ENCODERS.traces({ ...traces, media: [png, { ...png, mediaId: 'other', field: 'x' }] });
    expect(bodies.map((e) => [e.table, e.rows])).toEqual([['otel_traces', 1], [MEDIA_TABLE, 2]]);
    const [row, second] = rowsOf(bodies[1]);
    expect(row).toMatchObject({
      ProjectId: 'p1', MediaId: png.mediaId, ContentType: 'image/png', ContentLength: 3, Sha256: png.sha256, TraceId: png.traceId,
      ObservationId: png.observationId, Field: 'gen_ai.input.messages', UploadToken: '', Content: 'AAEC', Uploaded: 1,
    });
    // The file's download token: alike on every row of the file in the project, so merged rows keep URLs working.
    expect(row.AccessToken).toBe(mediaAccessToken('p1', png.sha256));
    expect([second.AccessToken, mediaAccessToken('p2', png.sha256)]).toEqual([row.AccessToken, expect.not.stringMatching(row.AccessToken)]);
    expect(Number(row.CreatedAt) * 1000).toBeGreaterThanOrEqual(before - 1);
    expect(row.UpdatedAt).toMatch(/^\d{10}\.\d{6}$/);

    const logs: LogsBatch = { projectId: 'p1', resourceLogs: [{ resource: { attributes: attrs({}), schemaUrl: '', droppedAttributesCount: 0 } as never, scopeLogs: [{ scope: scopeInfo(), logRecords: [testLogRecord(9, 'x')] }] }], rejectedLogRecords: 0, rejectionReasons: [] };
    const logBodies = BATCH_ENCODERS.logs({ ...logs, media: [{ ...png, observationId: '', field: 'body' }] });
    expect(logBodies.map((e) => e.table)).toEqual(['otel_logs', MEDIA_TABLE]);
    expect(rowsOf(logBodies[1])[0]).toMatchObject({ ObservationId: '', Field: 'body' });
  });
});
