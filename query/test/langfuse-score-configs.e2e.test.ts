// Score configs as a Langfuse user keeps them: the real Langfuse client (@langfuse/client) creates configs, lists,
// reads and archives them, and sends scores naming one, against `watchllm start` with auth on. A score that fits is
// kept and read back with its config; one that does not is refused with a 400 saying why. Another project's key
// sees none of the configs and cannot score with them.
import { describe, expect, it } from 'vitest';
import type { ScoreConfigListDto } from '../src/routes/score-configs.js';
import { eventually } from './helpers.js';
import { langfuseProjects, sendOneSpanTrace } from './langfuse-projects.js';

const projects = langfuseProjects('scoring');

const TRACE = '7c'.repeat(16);
const SPAN = '8d'.repeat(8);

/** What a refused call rejects with: the status and the API's message (the client's own message quotes the body as JSON). */
const refused = (statusCode: number, error: RegExp | string) => ({ statusCode, body: { error: typeof error === 'string' ? error : expect.stringMatching(error) } });

describe('Langfuse score configs through its client', () => {
  const langfuse = () => projects().langfuse;
  let accuracy: { id: string };
  let tone: { id: string };
  let correct: { id: string };

  it('creates numeric, categorical and boolean configs; lists them newest first, page-numbered; reads one by id', async () => {
    accuracy = await langfuse().api.scoreConfigs.create({ name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 1, description: 'Share of facts right' });
    expect(accuracy).toEqual({
      id: expect.any(String), name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 1, categories: null, description: 'Share of facts right',
      isArchived: false, projectId: 'scoring', createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    tone = await langfuse().api.scoreConfigs.create({ name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }, { label: 'rude', value: 0 }] });
    correct = await langfuse().api.scoreConfigs.create({ name: 'correct', dataType: 'BOOLEAN' });
    expect(correct).toMatchObject({ dataType: 'BOOLEAN', categories: [{ label: 'True', value: 1 }, { label: 'False', value: 0 }] });

    const first = await langfuse().api.scoreConfigs.get({ page: 1, limit: 2 });
    expect(first.meta).toEqual({ page: 1, limit: 2, totalItems: 3, totalPages: 2 });
    expect(first.data.map((c) => c.name)).toEqual(['correct', 'tone']);
    expect((await langfuse().api.scoreConfigs.get({ page: 2, limit: 2 })).data.map((c) => c.name)).toEqual(['accuracy']);
    expect(await langfuse().api.scoreConfigs.getById(accuracy.id)).toEqual(accuracy);
  });

  it('refuses a config that cannot score anything, naming the field; answers 404 for an unknown id', async () => {
    await expect(langfuse().api.scoreConfigs.create({ name: 'range', dataType: 'NUMERIC', minValue: 5, maxValue: 1 })).rejects.toMatchObject(refused(400, 'field maxValue: must be greater than minValue (5)'));
    await expect(langfuse().api.scoreConfigs.create({ name: 'empty', dataType: 'CATEGORICAL', categories: [] })).rejects.toMatchObject(refused(400, /at least one category/));
    await expect(langfuse().api.scoreConfigs.create({ name: 'dupes', dataType: 'CATEGORICAL', categories: [{ label: 'a', value: 1 }, { label: 'b', value: 1 }] })).rejects.toMatchObject(refused(400, /duplicate value 1/));
    await expect(langfuse().api.scoreConfigs.getById('no-such-config')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('keeps a score that fits its config, with the config, and refuses one out of range with a 400 saying why', async () => {
    await sendOneSpanTrace(projects(), TRACE, SPAN, 'answer');
    const kept = await langfuse().api.scores.create({ traceId: TRACE, name: 'accuracy', value: 0.8, configId: accuracy.id });
    const score = await eventually(() => langfuse().api.scores.getById(kept.id).catch(() => null), (s) => s !== null);
    expect(score).toMatchObject({ id: kept.id, traceId: TRACE, name: 'accuracy', value: 0.8, dataType: 'NUMERIC', configId: accuracy.id });

    // The SDK's own score call (batched through the ingestion endpoint): a category label, counted as its number. (The
    // span is the trace's root: Langfuse shows its scores as the trace's, without an observation id.)
    langfuse().score.create({ traceId: TRACE, observationId: SPAN, name: 'tone', value: 'friendly', configId: tone.id });
    await langfuse().score.flush();
    const byConfig = await eventually(() => langfuse().api.scores.getMany({ configId: tone.id }), (r) => r.data.length === 1);
    expect(byConfig.data[0]).toMatchObject({ name: 'tone', value: 1, stringValue: 'friendly', dataType: 'CATEGORICAL', configId: tone.id, traceId: TRACE });
    const trace = await langfuse().api.trace.get(TRACE);
    expect(trace.scores.map((s) => [s.name, s.configId]).sort()).toEqual([['accuracy', accuracy.id], ['tone', tone.id]]);

    await expect(langfuse().api.scores.create({ traceId: TRACE, name: 'accuracy', value: 1.5, configId: accuracy.id })).rejects.toMatchObject(
      refused(400, 'field value: 1.5 is above the maximum 1 of score config "accuracy"'),
    );
    await expect(langfuse().api.scores.create({ traceId: TRACE, name: 'tone', value: 'meh', configId: tone.id })).rejects.toMatchObject(refused(400, /"meh" is not a category of score config "tone"/));
    await expect(langfuse().api.scores.create({ traceId: TRACE, name: 'correct', value: 1, dataType: 'NUMERIC', configId: correct.id })).rejects.toMatchObject(
      refused(400, /field dataType: NUMERIC does not match score config "correct"/),
    );
    // Nothing refused was kept.
    expect((await langfuse().api.scores.getMany({ traceId: TRACE })).meta.totalItems).toBe(2);
  });

  it('changes and archives a config: an archived config takes no scores, until restored', async () => {
    const changed = await langfuse().api.scoreConfigs.update(accuracy.id, { maxValue: 10, description: 'Facts right, out of 10' });
    expect(changed).toMatchObject({ id: accuracy.id, minValue: 0, maxValue: 10, description: 'Facts right, out of 10', isArchived: false });
    expect(await langfuse().api.scores.create({ traceId: TRACE, name: 'accuracy', value: 7, configId: accuracy.id })).toEqual({ id: expect.any(String) });

    expect(await langfuse().api.scoreConfigs.update(correct.id, { isArchived: true })).toMatchObject({ isArchived: true });
    expect((await langfuse().api.scoreConfigs.getById(correct.id)).isArchived).toBe(true);
    await expect(langfuse().api.scores.create({ traceId: TRACE, name: 'correct', value: 1, configId: correct.id })).rejects.toMatchObject(refused(400, /score config "correct" is archived/));
    await langfuse().api.scoreConfigs.update(correct.id, { isArchived: false });
    expect(await langfuse().api.scores.create({ traceId: TRACE, name: 'correct', value: 1, configId: correct.id })).toEqual({ id: expect.any(String) });
  });

  it("shows another project's key none of them, and lets it score with none", async () => {
    expect((await projects().elsewhere.api.scoreConfigs.get()).data).toEqual([]);
    await expect(projects().elsewhere.api.scoreConfigs.getById(accuracy.id)).rejects.toMatchObject({ statusCode: 404 });
    await expect(projects().elsewhere.api.scores.create({ sessionId: 'chat', name: 'accuracy', value: 0.5, configId: accuracy.id })).rejects.toMatchObject(refused(404, /score config .* not found/));
  });

  it('keeps TEXT and CORRECTION scores as text, with their data type; a TEXT config takes text of 1–500 characters', async () => {
    const trace = '9e'.repeat(16);
    const span = 'af'.repeat(8);
    await sendOneSpanTrace(projects(), trace, span, 'draft');
    const notes = await langfuse().api.scoreConfigs.create({ name: 'reviewer notes', dataType: 'TEXT', description: 'What a reviewer wrote' });
    expect(notes).toMatchObject({ dataType: 'TEXT', categories: null, minValue: null, maxValue: null });
    await expect(langfuse().api.scoreConfigs.create({ name: 'bad text', dataType: 'TEXT', categories: [{ label: 'a', value: 1 }] })).rejects.toMatchObject(refused(400, /a TEXT config has no categories/));

    const byConfig = await langfuse().api.scores.create({ traceId: trace, name: 'reviewer notes', value: 'Cites the wrong quarter.', configId: notes.id });
    const free = await langfuse().api.scores.create({ traceId: trace, name: 'feedback', value: 'Too long, but right.', dataType: 'TEXT' });
    // The SDK's own call (through the ingestion endpoint): a correction of the span's output.
    langfuse().score.create({ traceId: trace, observationId: span, name: 'correction', value: 'Revenue grew 12% in Q3.', dataType: 'CORRECTION' });
    await langfuse().score.flush();
    const all = await eventually(() => langfuse().api.scores.getMany({ traceId: trace }), (r) => r.data.length === 3);
    const byName = Object.fromEntries(all.data.map((x) => [x.name, x]));
    expect(byName['reviewer notes']).toMatchObject({ id: byConfig.id, dataType: 'TEXT', stringValue: 'Cites the wrong quarter.', value: 0, configId: notes.id });
    expect(byName.feedback).toMatchObject({ id: free.id, dataType: 'TEXT', stringValue: 'Too long, but right.', configId: null });
    expect(byName.correction).toMatchObject({ dataType: 'CORRECTION', stringValue: 'Revenue grew 12% in Q3.' });

    // The data-type filter tells text from categories, and the trace shows them typed.
    expect((await langfuse().api.scores.getMany({ traceId: trace, dataType: 'TEXT' })).data.map((x) => x.name).sort()).toEqual(['feedback', 'reviewer notes']);
    expect((await langfuse().api.scores.getMany({ traceId: trace, dataType: 'CORRECTION' })).data.map((x) => x.name)).toEqual(['correction']);
    expect((await langfuse().api.scores.getMany({ traceId: trace, dataType: 'CATEGORICAL' })).data).toEqual([]);
    expect((await langfuse().api.trace.get(trace)).scores.map((x) => [x.name, x.dataType]).sort()).toEqual([['correction', 'CORRECTION'], ['feedback', 'TEXT'], ['reviewer notes', 'TEXT']]);

    await expect(langfuse().api.scores.create({ traceId: trace, name: 'reviewer notes', value: 'x'.repeat(501), configId: notes.id })).rejects.toMatchObject(refused(400, /is TEXT: expected text of 1 to 500 characters/));
    await expect(langfuse().api.scores.create({ traceId: trace, name: 'feedback', value: 3, dataType: 'TEXT' })).rejects.toMatchObject(refused(400, 'field value: a TEXT score is a string'));
    await expect(langfuse().api.scores.create({ traceId: trace, name: 'feedback', value: '  ', dataType: 'TEXT' })).rejects.toMatchObject(refused(400, /a TEXT score needs its text/));
  });

  it('lists scores through the v3 API (api.scoresV3): typed values, comma-separated filters, field groups, a cursor', async () => {
    const trace = '9e'.repeat(16);
    const v3 = (request: Parameters<ReturnType<typeof langfuse>['api']['scoresV3']['getManyV3']>[0]) => langfuse().api.scoresV3.getManyV3(request);
    const text = await v3({ traceId: trace, dataType: 'text,correction', fields: 'details,subject,annotation' });
    expect(text.meta).toEqual({ limit: 50 });
    const byName = Object.fromEntries(text.data.map((x) => [x.name, x]));
    expect(Object.keys(byName).sort()).toEqual(['correction', 'feedback', 'reviewer notes']);
    expect(byName.feedback).toMatchObject({ value: 'Too long, but right.', dataType: 'TEXT', source: 'API', environment: 'default', projectId: 'scoring', comment: null, configId: null, subject: { kind: 'trace', id: trace } });
    // Its span is the trace's root: a trace-level score, as Langfuse shows one.
    expect(byName.correction).toMatchObject({ value: 'Revenue grew 12% in Q3.', dataType: 'CORRECTION', subject: { kind: 'trace', id: trace } });
    expect(byName.feedback).toHaveProperty('authorUserId');
    expect((await v3({ traceId: trace })).data[0]).not.toHaveProperty('comment');

    // Values typed by data type; a BOOLEAN config's score reads as a boolean, a categorical one as its label.
    const onFirst = await v3({ traceId: TRACE, name: 'accuracy,correct' });
    expect(onFirst.data.map((x) => [x.name, x.value, x.dataType]).sort()).toEqual([['accuracy', 0.8, 'NUMERIC'], ['accuracy', 7, 'NUMERIC'], ['correct', true, 'BOOLEAN']]);
    expect((await v3({ traceId: TRACE, dataType: 'NUMERIC', valueMin: 1 })).data.map((x) => x.value)).toEqual([7]);
    expect((await v3({ traceId: TRACE, dataType: 'categorical', value: 'friendly' })).data.map((x) => x.value)).toEqual(['friendly']);
    expect((await v3({ traceId: TRACE, source: 'EVAL' })).data).toEqual([]);

    // A cursor through every score of the project, two at a time, each once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await v3({ limit: 2, cursor });
      seen.push(...page.data.map((x) => x.id));
      cursor = page.meta.cursor;
    } while (cursor);
    const all = (await v3({ limit: 100 })).data.map((x) => x.id);
    expect(seen).toEqual(all);
    expect(new Set(all).size).toBe(all.length);

    await expect(v3({ limit: 101 })).rejects.toMatchObject(refused(400, /limit/));
    await expect(v3({ fields: 'io' })).rejects.toMatchObject(refused(400, /unknown field group "io"/));
    await expect(v3({ observationId: 'af'.repeat(8) })).rejects.toMatchObject(refused(400, /observationId: needs traceId/));
    await expect(v3({ value: '1' })).rejects.toMatchObject(refused(400, /value: needs one dataType/));
    await expect(v3({ dataType: 'TEXT', valueMin: 1 })).rejects.toMatchObject(refused(400, /valueMin: needs dataType=NUMERIC/));
    await expect(v3({ cursor: 'bogus!' })).rejects.toMatchObject(refused(400, /cursor/));
  });

  it("serves the UI's own list: the live configs by name", async () => {
    await langfuse().api.scoreConfigs.update(tone.id, { isArchived: true });
    const res = await fetch(`${projects().p.api}/api/v1/score-configs`, { headers: { authorization: `Bearer ${projects().key}` } });
    expect(res.status).toBe(200);
    const { configs } = (await res.json()) as ScoreConfigListDto;
    expect(configs.map((c) => c.name)).toEqual(['accuracy', 'correct', 'reviewer notes']);
  });
});
