import { afterEach, describe, expect, it } from 'vitest';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { FACTORIES } from '../components/registry.js';
import type { ProcessorFactory } from '../components/types.js';
import { BATCH_ENCODERS } from '../components/exporters/clickhouse.js';
import { OtlpDecodeError, RefusedError } from '../otlp/errors.js';
import { readTraces } from '../otlp/signals.js';
import { Telemetry } from '../telemetry.js';
import { runProcessors } from './run-processors.js';
import { TracesWorker } from './traces-worker.js';
import type { ProcessorSpec } from './traces-worker-protocol.js';

// The worker runs the build (dist/), as `npm test` makes it first.

const PROCESSORS: ProcessorSpec[] = ['media', 'limits', 'genai', 'spanmetrics'].map((type) => {
  const factory = FACTORIES.find((f) => f.type === type)!;
  return { id: type, type, config: factory.createDefaultConfig() };
});

const workers: TracesWorker[] = [];
async function startWorker(options: { admit?: (projectId: string, n: number) => void; admitBeforeProcessing?: boolean; processors?: ProcessorSpec[] } = {}) {
  const worker = new TracesWorker(
    { processors: options.processors ?? PROCESSORS, dataDir: '/tmp', projectPrices: true, admitBeforeProcessing: options.admitBeforeProcessing ?? false },
    { admit: options.admit ?? (() => {}), reuseBlocks: true },
  );
  workers.push(worker);
  await worker.start();
  return worker;
}
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

/** What the event loop would make of the same body with the same processors. */
function encodedInProcess(body: Uint8Array): Buffer {
  const telemetry = new Telemetry({ processMetrics: false });
  const settings = { telemetry, dataDir: '/tmp' } as never;
  const processors = PROCESSORS.map((p) => (FACTORIES.find((f) => f.type === p.type) as ProcessorFactory).create(settings, p.config).traces!);
  const batch = runProcessors(processors, readTraces(body, 'protobuf', 'p1'));
  return Buffer.from(BATCH_ENCODERS.traces(batch)[0].body as Uint8Array);
}

describe('TracesWorker', () => {
  it('returns the Native block the event loop would have written, and takes the spans as counted', async () => {
    const admitted: [string, number][] = [];
    const worker = await startWorker({ admit: (p, n) => void admitted.push([p, n]) });
    const body = encodeGenAiRequest(50, 3);
    const { counts, encoded } = await worker.export(body, 'protobuf', 'p1');
    expect(counts).toEqual({ accepted: 50, rejected: 0, reasons: [] });
    expect(admitted).toEqual([['p1', 50]]);
    expect(encoded).toHaveLength(1);
    expect(encoded[0]).toMatchObject({ table: 'otel_traces', rows: 50 });
    // Time-dependent fields aside, the bytes match: both run the same code on the same spans.
    expect(Buffer.from(encoded[0].body as Uint8Array).equals(encodedInProcess(body))).toBe(true);
    encoded[0].release?.();
  });

  it('copies the body at once, so the caller may reuse its buffer', async () => {
    const worker = await startWorker();
    const body = Buffer.from(encodeGenAiRequest(5, 1));
    const expected = encodedInProcess(body);
    const pending = worker.export(body, 'protobuf', 'p1');
    body.fill(0);
    const { encoded } = await pending;
    expect(Buffer.from(encoded[0].body as Uint8Array).equals(expected)).toBe(true);
  });

  it('hands a body from its pool to the worker without copying, and gets it back for the next request', async () => {
    const worker = await startWorker();
    const request = encodeGenAiRequest(5, 2);
    const body = worker.bodies.take(request.length);
    const whole = body.buffer;
    const size = whole.byteLength;
    body.set(request);
    const pending = worker.export(body.subarray(0, request.length), 'protobuf', 'p1');
    expect(body.length).toBe(0); // transferred: detached here
    expect((await pending).counts.accepted).toBe(5);
    // Back in the pool (as a new ArrayBuffer object: it was transferred twice), and handed over again as it is.
    const again = worker.bodies.take(request.length);
    expect(again.buffer).not.toBe(whole);
    expect(again.length).toBe(size);
    expect(worker.bodies.tookHere(again)).toBe(true);
  });

  it('keeps decode errors and refusals as they are, so receivers answer 400 / 429 as on the event loop', async () => {
    const worker = await startWorker({
      admitBeforeProcessing: true,
      admit: (projectId) => {
        if (projectId === 'limited') throw new RefusedError('rate_limited', 'project "limited" is over its rate limit', 2);
      },
    });
    await expect(worker.export(Buffer.from([0x0a, 0xff, 0x01]), 'protobuf', 'p1')).rejects.toBeInstanceOf(OtlpDecodeError);
    const refused = await worker.export(encodeGenAiRequest(3), 'protobuf', 'limited').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect(refused).toMatchObject({ reason: 'rate_limited', retryAfterSeconds: 2 });
    // Refused spans never reached span metrics; the next request goes through.
    expect((await worker.export(encodeGenAiRequest(4), 'protobuf', 'p1')).counts.accepted).toBe(4);
    const spans = (await worker.metrics('spans')).find((m) => m.name === 'traces_spanmetrics_calls_total')!;
    expect(spans.values.reduce((n, v) => n + v.value, 0)).toBe(4);
  });

  it('answers a request without valid spans from its counts, and partial success counts what was rejected', async () => {
    const worker = await startWorker();
    const json = (traceIds: string[]) =>
      Buffer.from(
        JSON.stringify({
          resourceSpans: [{ scopeSpans: [{ spans: traceIds.map((traceId) => ({ traceId, spanId: 'eee19b7ec3c1b174', name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' })) }] }],
        }),
      );
    const none = await worker.export(json(['5b8e']), 'json', 'p1');
    expect(none.counts).toMatchObject({ accepted: 0, rejected: 1 });
    expect(none.encoded).toEqual([]);
    const some = await worker.export(json(['5b8efff798038103d269b633813fc60c', '5b8e']), 'json', 'p1');
    expect(some.counts).toMatchObject({ accepted: 1, rejected: 1 });
    expect(some.encoded[0].rows).toBe(1);
  });

  it('serves its metrics for merging into the process registry at scrape time', async () => {
    const worker = await startWorker();
    await worker.export(encodeGenAiRequest(20, 2), 'protobuf', 'p1');
    const main = new Telemetry({ processMetrics: false });
    main.genaiSpans.inc({ convention: 'otel', step_type: 'llm' }, 1);
    main.addRemote((which) => worker.metrics(which));
    const own = await main.exposition('own').metrics();
    const genai = [...own.matchAll(/^watchllm_genai_spans_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(genai).toBe(21);
    expect(own.match(/^# TYPE watchllm_genai_spans_total counter$/gm)).toHaveLength(1);
    expect(await main.exposition('spans').metrics()).toMatch(/^traces_spanmetrics_calls_total\{.*\} \d+$/m);
    if (process.platform === 'linux') expect(own).toMatch(/^watchllm_traces_worker_cpu_seconds_total [\d.]+$/m);
  });

  it('refuses what a dead worker held as retryable, and a new worker takes the next requests', async () => {
    const worker = await startWorker();
    const inFlight = worker.export(encodeGenAiRequest(200, 5), 'protobuf', 'p1');
    await (worker as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const err = await inFlight.catch((e: unknown) => e);
    // Either it was done before the thread stopped, or it is refused as retryable (nothing acknowledged is lost).
    if (err instanceof Error) expect(err).toMatchObject({ reason: 'overloaded', retryable: true });
    await expect.poll(() => worker.export(encodeGenAiRequest(2), 'protobuf', 'p1').then((r) => r.counts.accepted, () => 0), { timeout: 10_000 }).toBe(2);
  });

  it('prices spans with the project models it is sent', async () => {
    const worker = await startWorker({ processors: PROCESSORS.filter((p) => p.type === 'genai') });
    const model = { id: 'm1', modelName: 'mine', startMs: null, unit: 'TOKENS', prices: { input: 1, output: 2 }, inputPrice: 1, outputPrice: 2, totalPrice: null };
    worker.setModels([
      { projectId: 'p1', matchPattern: '(?i)^(gpt-4o-mini|gpt-4o|claude.*)$', tokenizerId: null, tokenizerConfig: null, createdAtMs: 1, updatedAtMs: 1, ...model },
    ]);
    const priced = await worker.export(encodeGenAiRequest(4, 0), 'protobuf', 'p1');
    const catalog = await worker.export(encodeGenAiRequest(4, 0), 'protobuf', 'p2');
    expect(Buffer.from(priced.encoded[0].body as Uint8Array).equals(Buffer.from(catalog.encoded[0].body as Uint8Array))).toBe(false);
  });
});
