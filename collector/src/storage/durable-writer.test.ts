import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefusedError } from '../otlp/errors.js';
import { Spool } from '../spool/spool.js';
import { Telemetry } from '../telemetry.js';
import { DEFAULT_GATHER_MS, DurableWriter, gatherWindowMs, type DurableWriterOptions, type InsertFn } from './durable-writer.js';
import { jsonRows } from './row-encoding.js';

const write = (w: DurableWriter, table: string, rows: Record<string, unknown>[]) => w.write(jsonRows(table, rows));

/** A fake store that can go down, dedups by token like ClickHouse does, and records rows. */
function fakeStore() {
  const rows: string[] = [];
  const tokens = new Set<string>();
  const state = { down: false, inserts: 0, loseAnswers: 0, delayMs: 0, sizes: [] as number[], refuse: '', tableMissing: false };
  const insert: InsertFn = async (_table, source, token) => {
    state.inserts++;
    if (state.down) throw new Error('connect ECONNREFUSED');
    if (state.tableMissing) throw Object.assign(new Error('Table watchllm.t does not exist'), { code: '60', type: 'UNKNOWN_TABLE' });
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    // JSON lines: a group's member files are read as separate lines.
    const text = 'files' in source ? source.files.map((f) => readFileSync(f, 'utf8')).join('\n') : String(source.body);
    // Rows the engine cannot parse: the whole insert fails and writes nothing (ClickHouseError's shape).
    if (state.refuse && text.includes(state.refuse)) {
      throw Object.assign(new Error(`Cannot parse input: ${state.refuse}`), { code: '27', type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED' });
    }
    if (!tokens.has(token)) {
      tokens.add(token);
      rows.push(...text.split('\n'));
      state.sizes.push(text.split('\n').length);
    }
    // The insert happened, the answer never arrived (a timeout or a cut connection).
    if (state.loseAnswers > 0 && state.loseAnswers--) throw new Error('socket hang up');
  };
  return { rows, state, insert };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'spool-'));

/** A writer over `store`, spooling to a fresh directory; `options` override these defaults. */
function spooledWriter(store: { insert: InsertFn }, options: Partial<DurableWriterOptions> = {}): DurableWriter {
  return new DurableWriter(store.insert, { batch: { maxBatchSize: 10, maxDelayMs: 1 }, insertTimeoutMs: 5000, spool: new Spool(tmp(), 1e9), signal: 'traces', ...options });
}

async function until(done: () => boolean, ms = 5000): Promise<void> {
  for (const deadline = performance.now() + ms; !done() && performance.now() < deadline; ) await new Promise((r) => setTimeout(r, 10));
}

describe('DurableWriter', () => {
  it('acknowledges into the spool while the store is down and replays exactly once when it is back', async () => {
    const store = fakeStore();
    const dir = tmp();
    const w = spooledWriter(store, { batch: { maxBatchSize: 10, maxDelayMs: 5 }, insertTimeoutMs: 1000, spool: new Spool(dir, 1e9) });
    store.state.down = true;
    const acked: number[] = [];
    for (let i = 0; i < 50; i++) await write(w, 't', [{ i }]).then(() => acked.push(i));
    expect(acked).toHaveLength(50);
    expect(store.rows).toHaveLength(0);
    store.state.down = false;
    await write(w, 't', [{ i: 50 }]);
    for (let t = 0; t < 100 && store.rows.length < 51; t++) await new Promise((r) => setTimeout(r, 50));
    expect(store.rows.map((r) => JSON.parse(r).i)).toEqual([...Array(51).keys()]);
    await w.shutdown();
  });

  it('replays a spool left by a crashed process, with the original tokens', async () => {
    const dir = tmp();
    const spool = new Spool(dir, 1e9);
    await spool.append('otel_traces', 'tok-1', '{"a":1}');
    await spool.append('otel_traces', 'tok-2', '{"a":2}');
    const store = fakeStore();
    const w = spooledWriter(store, { batch: { maxBatchSize: 10, maxDelayMs: 5 }, insertTimeoutMs: 1000, spool: new Spool(dir, 1e9) });
    for (let t = 0; t < 50 && store.rows.length < 2; t++) await new Promise((r) => setTimeout(r, 20));
    expect(store.rows).toEqual(['{"a":1}', '{"a":2}']);
    await w.shutdown();
    expect(new Spool(dir, 1e9).size).toBe(0);
  });

  it('a batch whose answer was lost replays with its own token and is never merged into another insert', async () => {
    const store = fakeStore();
    const w = spooledWriter(store, { batch: { maxBatchSize: 5, maxDelayMs: 5 }, insertTimeoutMs: 1000 });
    store.state.loseAnswers = 2;
    await Promise.all(Array.from({ length: 40 }, (_, i) => write(w, 't', [{ i }])));
    await w.flush();
    expect(store.rows.map((r) => JSON.parse(r).i).sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    await w.shutdown();
  });

  it('while an insert runs, acknowledges from the spool and drains the backlog as bigger inserts', async () => {
    const store = fakeStore();
    store.state.delayMs = 100;
    // Any backlog counts as "behind" here, so acks come from the spool.
    const w = spooledWriter(store, { writeAheadAboveBytes: 0 });
    const batch = (i: number) => Array.from({ length: 10 }, (_, j) => ({ i: i * 10 + j }));
    const first = write(w, 't', batch(0));
    const started = performance.now();
    for (let i = 1; i < 10; i++) await write(w, 't', batch(i));
    // Nine batches acknowledged one after another in less than the time of nine inserts.
    expect(performance.now() - started).toBeLessThan(500);
    await first;
    await w.flush();
    expect(store.rows).toHaveLength(100);
    expect(store.state.sizes.length).toBeLessThan(10); // ten batches, fewer inserts
    expect(Math.max(...store.state.sizes)).toBeGreaterThan(10);
    await w.shutdown();
  });

  it('with a small backlog, a spooled batch is acknowledged only once inserted (reads follow acks)', async () => {
    const store = fakeStore();
    store.state.delayMs = 50;
    const w = spooledWriter(store);
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        write(w, 't', [{ i }]).then(() => {
          // At the moment of the ack the row is in the store.
          expect(store.rows.map((r) => JSON.parse(r).i)).toContain(i);
          seen.push(i);
        }),
      ),
    );
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.state.sizes.length).toBeLessThan(6); // the spooled ones went in together
    await w.shutdown();
  });

  it('under heavy traffic, acknowledges a batch once it is fsynced; a read barrier waits for its insert', async () => {
    const store = fakeStore();
    store.state.delayMs = 400;
    const spool = new Spool(tmp(), 1e9);
    // max_delay is how long the drainer waits for more: a read must not wait for it.
    const w = spooledWriter(store, { batch: { maxBatchSize: 10, maxDelayMs: 60_000 }, spool, writeAheadFromBytesPerSecond: 0 });
    await write(w, 't', [{ i: 0 }]);
    await Promise.all([1, 2, 3].map((i) => write(w, 't', [{ i }])));
    // All acknowledged while the first 400 ms insert still runs.
    expect(store.rows.length).toBeLessThan(4);
    expect(spool.size).toBeGreaterThan(0);
    const reading = performance.now();
    await w.readBarrier();
    expect(store.rows.map((r) => JSON.parse(r).i).sort()).toEqual([0, 1, 2, 3]);
    // Two inserts at most, not the drainer's 60 s wait for more.
    expect(performance.now() - reading).toBeLessThan(3000);
    // Nothing spooled: a read goes on at once.
    const idle = performance.now();
    await w.readBarrier();
    expect(performance.now() - idle).toBeLessThan(20);
    await w.shutdown();
  });

  it('a read barrier gives up after its timeout, and at once while the store is failing or far behind', async () => {
    const store = fakeStore();
    store.state.delayMs = 300;
    const w = spooledWriter(store, { writeAheadFromBytesPerSecond: 0 });
    await write(w, 't', [{ i: 0 }]);
    let started = performance.now();
    await w.readBarrier(50);
    expect(performance.now() - started).toBeLessThan(250);
    expect(store.rows).toHaveLength(0);
    await w.flush();
    store.state.delayMs = 0;
    store.state.down = true;
    await write(w, 't', [{ i: 1 }]);
    await until(() => store.state.inserts >= 3); // the drainer tried and failed
    started = performance.now();
    await w.readBarrier(5000);
    expect(performance.now() - started).toBeLessThan(100);
    store.state.down = false;
    await w.flush();
    await w.shutdown();

    // Behind by more than one insert: the read goes on.
    store.state.delayMs = 300;
    const behind = spooledWriter(store, { maxInsertBytes: 20, writeAheadFromBytesPerSecond: 0 });
    await Promise.all([2, 3, 4].map((i) => write(behind, 't', [{ i, pad: 'xxxxxxxxxx' }])));
    started = performance.now();
    await behind.readBarrier(5000);
    expect(performance.now() - started).toBeLessThan(100);
    store.state.delayMs = 0;
    await behind.shutdown();
  });

  it('acknowledges light traffic once inserted, and from the spool once traffic is heavy', async () => {
    const store = fakeStore();
    store.state.delayMs = 400;
    const w = spooledWriter(store, { batch: { maxBatchSize: 100, maxDelayMs: 1 }, writeAheadFromBytesPerSecond: 300 });
    // Light (~10 bytes in the last second): the row is in the store when the ack comes.
    await write(w, 't', [{ i: 0 }]);
    expect(store.rows).toHaveLength(1);
    // Over 300 bytes/s: acknowledged from the spool while the inserts are still running.
    const started = performance.now();
    for (let i = 1; i <= 5; i++) await write(w, 't', [{ i, pad: 'x'.repeat(400) }]);
    expect(performance.now() - started).toBeLessThan(1500); // not five 400 ms inserts
    expect(store.rows.length).toBeLessThan(6);
    await w.readBarrier();
    expect(store.rows).toHaveLength(6);
    await w.shutdown();
  });

  it('times every insert, drained from the spool or written through, in the insert-duration histogram', async () => {
    const store = fakeStore();
    store.state.delayMs = 30;
    const telemetry = new Telemetry();
    // Any backlog counts as "behind": the batches after the first drain from the spool.
    const w = spooledWriter(store, { writeAheadAboveBytes: 0, telemetry });
    await Promise.all(Array.from({ length: 5 }, (_, i) => write(w, 't', [{ i }])));
    await w.flush();
    store.state.down = true;
    const tried = store.state.inserts;
    await write(w, 't', [{ i: 5 }]); // acknowledged from the spool; the drainer's insert fails
    while (store.state.inserts === tried) await new Promise((r) => setTimeout(r, 5));
    store.state.down = false;
    await w.flush();
    const observed = (await telemetry.registry.getSingleMetric('watchllm_exporter_insert_duration_seconds')!.get()).values
      .filter((v) => v.metricName === 'watchllm_exporter_insert_duration_seconds_count');
    const count = (outcome: string) => observed.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    expect(count('ok')).toBe(store.state.sizes.length);
    expect(count('error')).toBeGreaterThanOrEqual(1);
    expect(count('ok') + count('error')).toBe(store.state.inserts);
    await w.shutdown();
  });

  it('reports the spool as it is at each scrape, its age growing while the store is down', async () => {
    const store = fakeStore();
    const telemetry = new Telemetry({ processMetrics: false });
    const w = spooledWriter(store, { telemetry });
    const gauge = async (name: string) => (await telemetry.registry.getSingleMetric(name)!.get()).values[0]?.value ?? NaN;
    store.state.down = true;
    await write(w, 't', [{ i: 1 }]);
    const bytes = await gauge('watchllm_spool_bytes');
    const age = await gauge('watchllm_spool_oldest_age_seconds');
    expect(bytes).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 120));
    // Nothing came or went since: the scrape still sees the batch get older.
    expect(await gauge('watchllm_spool_oldest_age_seconds')).toBeGreaterThanOrEqual(age + 0.1);
    store.state.down = false;
    await w.flush();
    expect(await gauge('watchllm_spool_bytes')).toBe(0);
    expect(await gauge('watchllm_spool_oldest_age_seconds')).toBe(0);
    await w.shutdown();
  });

  it('a batch as big as a backlog is acknowledged once spooled, even with the store idle', async () => {
    const store = fakeStore();
    store.state.delayMs = 100;
    const w = spooledWriter(store, { batch: { maxBatchSize: 100, maxDelayMs: 1 }, writeAheadAboveBytes: 200 });
    // Small: inserted before the ack.
    await write(w, 't', [{ small: 1 }]);
    expect(store.rows).toHaveLength(1);
    // Big (over 200 bytes): acknowledged from the spool while its insert is still running.
    await write(w, 't', Array.from({ length: 20 }, (_, i) => ({ big: i, pad: 'xxxxxxxx' })));
    expect(store.rows).toHaveLength(1);
    await w.flush();
    expect(store.rows).toHaveLength(21);
    await w.shutdown();
  });

  it('releases each batch body once it is inserted or spooled, whichever path it took', async () => {
    const store = fakeStore();
    const w = spooledWriter(store, { batch: { maxBatchSize: 1, maxDelayMs: 1 }, insertTimeoutMs: 1000 });
    const released: number[] = [];
    const writeReleasing = (i: number) => w.write({ ...jsonRows('t', [{ i }]), release: () => released.push(i) });
    await writeReleasing(1); // inserted directly
    store.state.down = true;
    await writeReleasing(2); // the insert fails: spooled from the same body, then released
    store.state.down = false;
    await Promise.all([3, 4, 5].map(writeReleasing));
    await w.flush();
    await new Promise((r) => setTimeout(r, 10));
    expect(released.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(store.rows.map((r) => JSON.parse(r).i).sort()).toEqual([1, 2, 3, 4, 5]);
    await w.shutdown();
  });

  it('keeps a body until an insert that timed out has settled (it may still be reading it)', async () => {
    const store = fakeStore();
    // The slow insert is far slower than the timeout, so a loaded machine's fsync latency cannot blur the two.
    store.state.delayMs = 1000;
    const w = spooledWriter(store, { batch: { maxBatchSize: 1, maxDelayMs: 1 }, insertTimeoutMs: 50 });
    let released = false;
    const started = performance.now();
    await w.write({ ...jsonRows('t', [{ i: 1 }]), release: () => (released = true) });
    // Acknowledged from the spool after the timeout, long before the slow insert ends.
    expect(performance.now() - started).toBeLessThan(800);
    expect(released).toBe(false);
    await new Promise((r) => setTimeout(r, 1200));
    expect(released).toBe(true);
    store.state.delayMs = 0;
    await w.shutdown();
  });

  /** A steady stream for ~1.5 s (a batch every 10 ms) into a spooling writer; what the store received. */
  async function steadyStream(options: Partial<DurableWriterOptions> = {}) {
    const store = fakeStore();
    store.state.delayMs = 20;
    // max_delay as shipped: no batch for that long means traffic paused.
    const w = spooledWriter(store, { batch: { maxBatchSize: 10, maxDelayMs: 200 }, writeAheadAboveBytes: 0, writeAheadFromBytesPerSecond: 0, ...options });
    const started = performance.now();
    for (let i = 0; performance.now() - started < 1500; i++) {
      await write(w, 't', Array.from({ length: 10 }, (_, j) => ({ i: i * 10 + j })));
      await new Promise((r) => setTimeout(r, 10));
    }
    await w.flush();
    await w.shutdown();
    return store;
  }

  it('under sustained load, lets the backlog grow into a few big inserts', async () => {
    // The window as it is a few seconds into steady load (from the start of a run it grows to this: see below).
    const store = await steadyStream({ gatherStartMs: DEFAULT_GATHER_MS });
    const batches = store.rows.length / 10;
    // As many as the spool's fsyncs allowed (~100 on an idle disk, ~20 on a loaded one).
    expect(batches).toBeGreaterThanOrEqual(15);
    // Without gathering, each 20 ms insert took what arrived meanwhile: dozens of inserts.
    expect(store.state.sizes.length).toBeLessThanOrEqual(5);
  });

  it('gathers for as long as configured (spool.gather)', async () => {
    // The first batch is inserted at once; the rest of the 1.5 s is one insert, at the flush.
    // (A max_delay of 1 s: on a loaded CI machine one write's fsync can stall past 200 ms, which reads as traffic pausing.)
    const batch = { maxBatchSize: 10, maxDelayMs: 1000 };
    expect((await steadyStream({ gatherMs: 5000, gatherStartMs: 5000, batch })).state.sizes.length).toBeLessThanOrEqual(2);
    // …and a short gather makes an insert every ~200 ms.
    expect((await steadyStream({ gatherMs: 200, batch })).state.sizes.length).toBeGreaterThanOrEqual(4);
  });

  it('gathers briefly at the start of a run of traffic, longer as it goes on', async () => {
    // 1.5 s of traffic: windows of 250 to ~375 ms (a quarter of the run so far), so a handful of
    // inserts where one 5 s window made at most two above, and not one per 20 ms insert either.
    const batch = { maxBatchSize: 10, maxDelayMs: 1000 };
    const inserts = (await steadyStream({ gatherMs: 5000, batch })).state.sizes.length;
    expect(inserts).toBeGreaterThanOrEqual(4);
    expect(inserts).toBeLessThanOrEqual(12);
  });

  it('ramps the gather window from its start to its longest over a run of traffic', () => {
    expect(gatherWindowMs(0, 250, 2000)).toBe(250);
    expect(gatherWindowMs(2000, 250, 2000)).toBe(500);
    expect(gatherWindowMs(60_000, 250, 2000)).toBe(2000);
    // A configured gather shorter than the start is the window throughout.
    expect(gatherWindowMs(0, 250, 100)).toBe(100);
  });

  it('once no request is in progress upstream, inserts what it gathered without waiting for more', async () => {
    const store = fakeStore();
    store.state.delayMs = 100;
    let stopped = false;
    const w = spooledWriter(store, { batch: { maxBatchSize: 10, maxDelayMs: 60_000 }, writeAheadFromBytesPerSecond: 0, gatherStartMs: 1000, trafficStopped: () => stopped });
    const started = performance.now();
    await write(w, 't', [{ i: 0 }]);
    await Promise.all([1, 2, 3].map((i) => write(w, 't', [{ i }])));
    // Requests still in progress: the drainer lets the backlog grow (up to a second after its last insert began).
    await new Promise((r) => setTimeout(r, 400));
    expect(store.rows).toHaveLength(1);
    stopped = true;
    await until(() => store.rows.length === 4);
    expect(store.rows).toHaveLength(4);
    expect(performance.now() - started).toBeLessThan(900);
    await w.shutdown();
  });

  it('sets aside a spooled batch the store refuses as invalid rows, and inserts everything around it in order', async () => {
    const store = fakeStore();
    const dir = tmp();
    const telemetry = new Telemetry({ processMetrics: false });
    const lines: string[] = [];
    const w = spooledWriter(store, { spool: new Spool(dir, 1e9), telemetry, log: (l) => lines.push(l) });
    // Down first: every batch is spooled, and the drain then combines them into groups.
    store.state.down = true;
    store.state.refuse = '"bad"';
    for (let i = 0; i < 30; i++) await write(w, 't', [i === 13 ? { i, v: 'bad' } : { i }]);
    store.state.down = false;
    await w.flush();
    expect(store.rows.map((r) => JSON.parse(r).i)).toEqual([...Array(30).keys()].filter((i) => i !== 13));
    const rejected = readdirSync(join(dir, 'rejected'));
    expect(rejected).toHaveLength(2);
    expect(readFileSync(join(dir, 'rejected', rejected.find((n) => n.endsWith('.jsonl'))!), 'utf8')).toBe('{"i":13,"v":"bad"}');
    expect(readFileSync(join(dir, 'rejected', rejected.find((n) => n.endsWith('.reason.txt'))!), 'utf8')).toMatch(/Cannot parse input/);
    expect(lines.join('\n')).toMatch(/inserting them one by one[\s\S]*set aside in/);
    expect(await telemetry.registry.getSingleMetricAsString('watchllm_exporter_rejected_batches_total')).toMatch(/table="t"} 1/);
    // Nothing left to replay, and the writer goes on.
    expect(new Spool(dir, 1e9).size).toBe(0);
    await write(w, 't', [{ i: 30 }]);
    expect(store.rows).toHaveLength(30);
    await w.shutdown();
  });

  it('refuses (400) a light-traffic request waiting for the spooled insert the store refuses; the others are acknowledged', async () => {
    const store = fakeStore();
    store.state.delayMs = 50;
    store.state.refuse = '"bad"';
    const w = spooledWriter(store);
    const first = write(w, 't', [{ i: 0 }]); // inserted directly: the store is busy for 50 ms
    await new Promise((r) => setTimeout(r, 5));
    // Spooled while the store is busy, then drained together: the group is refused, split, and only row 2 set aside.
    const outcomes = await Promise.allSettled([first, write(w, 't', [{ i: 1 }]), write(w, 't', [{ i: 2, v: 'bad' }]), write(w, 't', [{ i: 3 }])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ reason: 'bad_request', message: expect.stringMatching(/^the store refused the rows/) });
    expect(store.rows.map((r) => JSON.parse(r).i)).toEqual([0, 1, 3]);
    await w.shutdown();
  });

  it('keeps rows in the spool while the store lacks their table (acknowledged, logged), and inserts them once it is back', async () => {
    const store = fakeStore();
    const lines: string[] = [];
    const w = spooledWriter(store, { log: (l) => lines.push(l) });
    store.state.tableMissing = true;
    await write(w, 't', [{ i: 1 }]); // acknowledged from the spool, not refused
    await until(() => lines.some((l) => /cannot be inserted \(Table watchllm\.t does not exist\); keeping it in the spool/.test(l)));
    expect(lines.join('\n')).toMatch(/keeping it in the spool/);
    store.state.tableMissing = false;
    await w.flush();
    expect(store.rows.map((r) => JSON.parse(r).i)).toEqual([1]);
    await w.shutdown();
  });

  it('refuses (400) only the request whose rows the store refuses, when several were written together', async () => {
    const store = fakeStore();
    store.state.refuse = '"bad"';
    const w = new DurableWriter(store.insert, { batch: { maxBatchSize: 10, maxDelayMs: 20 }, insertTimeoutMs: 1000, signal: 'traces' });
    // Each body is released once, after its own write: the batch's failed write must not give them back early.
    const released: number[] = [];
    const writeReleasing = (row: Record<string, unknown>) => w.write({ ...jsonRows('t', [row]), release: () => released.push(row.i as number) });
    const outcomes = await Promise.allSettled([writeReleasing({ i: 1 }), writeReleasing({ i: 2, v: 'bad' }), writeReleasing({ i: 3 })]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await new Promise((r) => setTimeout(r, 10));
    expect(released.sort()).toEqual([1, 2, 3]);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(RefusedError);
    expect(refusal).toMatchObject({ reason: 'bad_request', retryable: false });
    expect(refusal.message).toMatch(/^the store refused the rows: Cannot parse input/);
    expect(store.rows.map((r) => JSON.parse(r).i)).toEqual([1, 3]);
    await w.shutdown();
  });

  it('refuses with a retryable error when the spool is full', async () => {
    const store = fakeStore();
    store.state.down = true;
    const w = spooledWriter(store, { batch: { maxBatchSize: 1, maxDelayMs: 1 }, insertTimeoutMs: 1000, spool: new Spool(tmp(), 30) });
    await write(w, 't', [{ x: 'aaaaaaaaaa' }]);
    await expect(write(w, 't', [{ x: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }])).rejects.toMatchObject({ reason: 'overloaded', retryAfterSeconds: 5 });
    await w.shutdown();
  });

  it('without a spool, an outage is a retryable refusal', async () => {
    const store = fakeStore();
    store.state.down = true;
    const w = new DurableWriter(store.insert, { batch: { maxBatchSize: 1, maxDelayMs: 1 }, insertTimeoutMs: 1000, signal: 'traces' });
    await expect(write(w, 't', [{ a: 1 }])).rejects.toMatchObject({ reason: 'store_unavailable' });
  });
});
