// Browser tests: real Chromium (playwright-core) against the built UI served by a fake query API, for what real
// data cannot easily show: paging past 50 rows, the empty state, exact critical paths, API errors. The README's
// screenshots come from the real-stack test (e2e-real.test.ts), not from here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildUi } from '../build.mjs';
import { chromiumAvailable, launchChromium, measureFirstRender, waitCount as waitCountIn, waitText as waitTextIn } from './browser.js';
import { createFakeApi } from './fake-api.js';
import { buildTraces, BROKEN_TRACE_ID, FOLLOWUP_TRACE_ID, MEDIA_ID, SUPPORT_TRACE_ID, SUPPORT_V2_TRACE_ID, WEATHER_TRACE_ID } from './fixtures.js';
import { DATASET, LONG_ANSWER_LINES, RUN_BASELINE, RUN_HAIKU } from './dataset-fixtures.js';
import { spanItemBody } from '../src/lib/dataset-item.js';
import { EVALUATOR } from './evaluator-fixtures.js';
import { RATING, TONE, ANSWERED } from './score-config-fixtures.js';
import { PLAYGROUND_REPLY } from './playground-fixtures.js';
import { OTHERS_COMMENT } from './comment-fixtures.js';
import { BUILT_IN_MODELS, PROJECT_MODEL } from './model-price-fixtures.js';
import { PREVIEW } from './annotation-queue-fixtures.js';

describe.skipIf(!chromiumAvailable('ui e2e (fake API)'))('UI in a real browser', () => {
  let browser: Browser;
  let page: Page;
  let base: string;
  let api: ReturnType<typeof createFakeApi>;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'watchllm-ui-'));
    await buildUi({ outdir: dist });
    api = createFakeApi(buildTraces(), dist);
    base = await api.listen();
    ({ browser, page } = await launchChromium());
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  const rows = () => page.locator('[data-testid=trace-row]');
  const waitText = (selector: string, text: string) => waitTextIn(page, selector, text);
  const waitCount = (selector: string, n: number) => waitCountIn(page, selector, n);

  it('lists traces newest first and pages through the cursor', async () => {
    const render = await measureFirstRender(page, `${base}/traces`, '[data-testid=trace-row]', '/api/v1/traces?');
    console.log(`traces page first render: ${Math.round(render.bestMs)} ms (runs ${render.runsMs.join(', ')} ms)`);
    expect(render.bestMs).toBeLessThan(1000);
    await waitCount('[data-testid=trace-row]', 50);
    expect(await rows().count()).toBe(50);
    expect(await rows().first().getAttribute('data-trace-id')).toBe(FOLLOWUP_TRACE_ID);
    await page.locator('[data-testid=sentinel], .sentinel').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=trace-row]').length === 64);
    expect(api.requests.some((r) => r.startsWith('/api/v1/traces?') && r.includes('cursor=50'))).toBe(true);
  });

  it('filters by model through the URL', async () => {
    await page.fill('[data-testid=filter-model]', 'claude-3-5-sonnet');
    await page.click('[data-testid=apply-filters]');
    await page.waitForURL(/model=claude-3-5-sonnet/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=trace-row]').length === 1);
    expect(await rows().first().getAttribute('data-trace-id')).toBe(SUPPORT_TRACE_ID);
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=trace-row]').length >= 50);
  });

  it('searches a word from a prompt', async () => {
    await page.fill('[data-testid=search-input]', 'refund');
    await page.press('[data-testid=search-input]', 'Enter');
    await page.waitForURL(/q=refund/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=trace-row]').length === 2);
    const ids = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')));
    expect(ids.sort()).toEqual([SUPPORT_TRACE_ID, SUPPORT_V2_TRACE_ID].sort());
    await page.fill('[data-testid=search-input]', 'zebra-not-there');
    await page.press('[data-testid=search-input]', 'Enter');
    await page.locator('[data-testid=no-match]').waitFor();
  });

  it('shows how to send the first span when there are no traces', async () => {
    await page.route('**/api/v1/traces?*', (route) => route.fulfill({ contentType: 'application/json', body: '{"traces":[],"nextCursor":null}' }));
    await page.goto(`${base}/traces`);
    const text = await page.locator('[data-testid=empty-state]').innerText();
    expect(text).toContain('127.0.0.1:4318/v1/traces');
    await page.unroute('**/api/v1/traces?*');
  });

  it('opens a trace: waterfall rows, collapse, critical path, span detail', async () => {
    await page.goto(`${base}/traces`);
    await page.click(`[data-trace-id="${WEATHER_TRACE_ID}"] a`);
    await page.waitForURL(new RegExp(`/traces/${WEATHER_TRACE_ID}$`));
    const wfRows = page.locator('[data-testid=waterfall-row]');
    await wfRows.first().waitFor();
    expect(await wfRows.count()).toBe(5);
    expect(await wfRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))).toEqual(['agent', 'llm', 'tool', 'tool', 'llm']);
    // Totals of the model calls only: the agent span's repeated usage is not added again.
    expect(await page.locator('.trace-meta').innerText()).toMatch(/tokens 330 \/ 65 · cost \$0\.0015/);
    // Critical path: agent → first LLM → get_weather (the longer tool) → second LLM.
    expect(await page.locator('[data-testid=waterfall-row][data-critical=true]').count()).toBe(4);
    await page.click('[data-testid=waterfall-toggle]');
    await waitCount('[data-testid=waterfall-row]', 1);
    await page.click('[data-testid=waterfall-toggle]');
    await waitCount('[data-testid=waterfall-row]', 5);

    await page.click('[data-span-id=a000000000000002]');
    const panel = page.locator('[data-testid=span-panel]');
    await panel.waitFor();
    await page.waitForURL(/span=a000000000000002/);
    const panelText = await panel.innerText();
    expect(panelText).toContain('What is the weather in Paris right now?');
    expect(panelText).toContain('gpt-4o → gpt-4o-2024-08-06');
    expect(panelText).toContain('Cached (read)');
    expect(panelText).toMatch(/Tokens corrected\s*input tokens were smaller than cache read\+write/);
    expect(panelText).toMatch(/Time to first token\s*310 ms/);
    expect(await panel.locator('[data-testid=tool-call] pre').first().innerText()).toBe('{\n  "city": "Paris",\n  "unit": "celsius"\n}');
    await panel.locator('input[type=search]').fill('http.url');
    await waitCount('[data-testid=span-attributes] tbody tr', 1);

    await page.click('[data-testid=zoom-span]');
    await page.locator('[data-testid=reset-zoom]').waitFor();
    await page.click('[data-testid=reset-zoom]');
  });

  it('steps through the agent steps with buttons and keys', async () => {
    await page.click('[data-testid=tab-steps]');
    await page.waitForURL(/\/steps/);
    await page.locator('[data-testid=step-item]').first().waitFor();
    expect(await page.locator('[data-testid=step-item]').count()).toBe(5);
    await waitText('[data-testid=step-position]', 'Step 1 of 5');
    await page.click('[data-testid=step-next]');
    await waitText('[data-testid=step-position]', 'Step 2 of 5');
    expect(await page.innerText('[data-testid=step-detail]')).toContain('get_weather');
    await page.keyboard.press('j');
    await waitText('[data-testid=step-position]', 'Step 3 of 5');
    expect(await page.innerText('[data-testid=step-detail]')).toContain('"sky": "sunny"');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await waitText('[data-testid=step-position]', 'Step 5 of 5');
    expect(await page.innerText('[data-testid=running-totals]')).toContain('330 / 65');
    await page.keyboard.press('k');
    await waitText('[data-testid=step-position]', 'Step 4 of 5');
    // Graph: 2 LLM nodes + 2 tools, 2 tool_call edges + 2 result edges.
    expect(await page.locator('[data-testid=tool-graph] .node').count()).toBe(4);
    expect(await page.locator('[data-testid=tool-graph] .edge').count()).toBe(4);
  });

  it('draws the dashboard charts and resizes them with the window', async () => {
    await page.goto(`${base}/dashboard`);
    const ids = ['chart-cost', 'chart-tokens', 'chart-calls', 'chart-error-rate', 'chart-latency-p50', 'chart-latency-p95', 'chart-latency-p99'];
    for (const id of ids) {
      const canvas = page.locator(`[data-testid=${id}] canvas`);
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(50);
    }
    expect(await page.innerText('[data-testid=top-groups]')).toContain('claude-3-5-sonnet');
    // Fillers cost 0.0001·i (i ≤ 60, every fifth unpriced): the most expensive is i = 59.
    expect((await page.locator('[data-testid=top-traces] tbody tr').first().innerText())).toContain('$0.0059');
    // Legend entries toggle their series.
    const legendEntry = page.locator('[data-testid=chart-cost] .u-legend .u-series').nth(1);
    await legendEntry.click();
    expect(await legendEntry.getAttribute('class')).toContain('u-off');
    await legendEntry.click();
    expect(await legendEntry.getAttribute('class')).not.toContain('u-off');
    const before = (await page.locator('[data-testid=chart-cost] canvas').boundingBox())!.width;
    // One column below ~900 px: each chart gets wider and must follow its container.
    await page.setViewportSize({ width: 700, height: 900 });
    await page.waitForFunction((w) => document.querySelector('[data-testid=chart-cost] canvas')!.getBoundingClientRect().width > w + 50, before);
    const widths = await page.evaluate(() => [document.querySelector('[data-testid=chart-cost] canvas')!.getBoundingClientRect().width, document.querySelector('[data-testid=chart-cost] .chart-host')!.clientWidth]);
    expect(Math.abs(widths[0] - widths[1])).toBeLessThan(2);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.click('[data-testid=group-provider]');
    await page.waitForURL(/groupBy=provider/);
    await page.waitForFunction(() => document.querySelector('[data-testid=chart-cost] .u-legend')?.textContent?.includes('anthropic'));
  });

  it('compares two LLM spans picked from the span panel', async () => {
    await page.goto(`${base}/traces/${SUPPORT_TRACE_ID}?span=b000000000000002`);
    await page.click('[data-testid=compare-button]');
    await page.goto(`${base}/traces/${SUPPORT_V2_TRACE_ID}?span=c000000000000002`);
    await page.click('[data-testid=compare-button]');
    await page.waitForURL(/\/compare\?a=/);
    await page.locator('[data-testid=comparison]').waitFor();
    expect(await page.locator('[data-testid=compare-facts] tr.changed').count()).toBeGreaterThanOrEqual(4);
    expect(await page.innerText('[data-testid=compare-facts]')).toContain('claude-3-5-haiku');
    const system = page.locator('[data-testid=diff-system]');
    expect(await system.locator('.diff-line.delete').allInnerTexts()).toEqual(['-You are a support agent for Acme.', '-Offer a refund only when an order is late by more than 7 days.']);
    expect(await system.locator('.diff-line.insert').allInnerTexts()).toEqual(['+You are a friendly support agent for Acme.', '+Always offer a refund when an order is late.']);
    expect(await system.locator('.diff-line.equal').allInnerTexts()).toEqual([' Sign off with the ticket number.']);
    await page.click('[data-testid=diff-mode-words]');
    await page.locator('[data-testid=diff-output] ins').first().waitFor();
    expect(await page.innerText('[data-testid=diff-input]')).toContain('Identical');
  });

  it('shows an image kept apart from its span (a Langfuse media reference) in the message that names it', async () => {
    await page.goto(`${base}/traces/${FOLLOWUP_TRACE_ID}?span=d000000000000001`);
    const image = page.locator('[data-testid=span-panel] img[data-testid=media]');
    await image.waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid=span-panel] img[data-testid=media]') as HTMLImageElement | null)?.naturalWidth === 2);
    expect(api.requests).toContain(`/api/v1/media/${MEDIA_ID}`);
    expect(await page.innerText('[data-testid=span-panel] [data-testid=chat-message] >> nth=-1')).not.toContain('@@@langfuseMedia');
    // A reference in an attribute's JSON (Langfuse metadata) shows the file once the value is expanded.
    const attribute = page.locator('[data-testid=span-panel] tr', { hasText: 'langfuse.observation.metadata' });
    await attribute.locator('button', { hasText: 'Expand' }).click();
    await attribute.locator('img[data-testid=media]').waitFor();
  });

  it('replays a session as a chat thread linked to its traces', async () => {
    await page.goto(`${base}/sessions`);
    await page.locator('[data-testid=session-row]').first().waitFor();
    // Scores given to a session as a whole, summed up in its row.
    expect(await page.innerText('[data-testid=session-row]:has-text("sess-alice-1") [data-testid=session-scores]')).toBe('satisfaction 0.75');
    await page.click('text=sess-alice-1');
    await waitCount('[data-testid=session-turn]', 2);
    const thread = await page.innerText('[data-testid=session-thread]');
    expect(thread).toContain('21 °C and sunny');
    expect(thread).toContain('And tomorrow?');
    // The second turn resends the first question: the replay shows it once.
    expect(thread.split('What is the weather in Paris right now?').length - 1).toBe(1);
    await page.click('[data-testid=turn-trace-link] >> nth=0');
    await page.waitForURL(new RegExp(`/traces/${WEATHER_TRACE_ID}`));
    await page.goBack();
    await page.waitForURL(/\/sessions\//);
  });

  it("shows a session's scores as a whole, scores it with a thumb and withdraws a score", async () => {
    await page.goto(`${base}/sessions/sess-alice-1`);
    await waitCount('[data-testid=session-score]', 1);
    expect(await page.innerText('[data-testid=session-score]')).toMatch(/user_satisfaction\s+1\s+thumbs_up/);
    const form = page.locator('[data-testid=session-scores] [data-testid=score-form]');
    await form.locator('input >> nth=0').fill('resolved');
    await form.locator('textarea').fill('answered both questions');
    await form.locator('[data-testid=score-up]').click();
    await waitCount('[data-testid=session-score]', 2);
    expect(api.sessionScorePosts.at(-1)).toEqual({ sessionId: 'sess-alice-1', name: 'resolved', score: 1, label: 'thumbs_up', explanation: 'answered both questions' });
    expect(await page.innerText('[data-testid=session-score] >> nth=1')).toMatch(/resolved\s+1\s+thumbs_up/);
    await page.click('[data-testid=session-score] >> nth=0 >> [data-testid=withdraw-session-score]');
    await page.click('[data-testid=session-score] >> nth=0 >> [data-testid=withdraw-session-score-yes]');
    await waitCount('[data-testid=session-score]', 1);
    expect(await page.innerText('[data-testid=session-score]')).toContain('resolved');
    expect(api.requests).toContain('/api/v1/evaluations/5e55a11ce0000001?sessionId=sess-alice-1');
  });

  it('comments on a trace, a span and a session, remembers the author, and deletes only its own comment', async () => {
    await page.goto(`${base}/traces/${WEATHER_TRACE_ID}`);
    const onTrace = page.locator('.trace-page > [data-testid=comments]');
    await waitCount('.trace-page > [data-testid=comments] [data-testid=comment]', 1);
    expect(await onTrace.locator('[data-testid=comment]').innerText()).toMatch(new RegExp(`^ben .*\\n${OTHERS_COMMENT}$`));
    // Someone else's comment cannot be deleted from here.
    expect(await onTrace.locator('[data-testid=delete-comment]').count()).toBe(0);
    await onTrace.locator('input').fill('zoe');
    await onTrace.locator('textarea').fill('Agreed, the cache would have answered');
    await onTrace.locator('[data-testid=comment-submit]').click();
    await waitCount('.trace-page > [data-testid=comments] [data-testid=comment]', 2);
    expect(api.commentPosts.at(-1)).toEqual({ objectType: 'TRACE', objectId: WEATHER_TRACE_ID, content: 'Agreed, the cache would have answered', author: 'zoe' });
    expect(await onTrace.locator('summary').innerText()).toBe('Comments (2)');
    expect(await onTrace.locator('textarea').inputValue()).toBe('');
    await onTrace.locator('[data-testid=comment] >> nth=1 >> [data-testid=delete-comment]').click();
    await onTrace.locator('[data-testid=delete-comment-yes]').click();
    await waitCount('.trace-page > [data-testid=comments] [data-testid=comment]', 1);
    expect(api.requests).toContain('/api/v1/comments/c-2');

    // The span panel comments on the span, the author already filled in from this browser.
    await page.click('[data-span-id=a000000000000002]');
    const onSpan = page.locator('[data-testid=span-panel] [data-testid=comments]');
    await onSpan.waitFor();
    expect(await onSpan.locator('input').inputValue()).toBe('zoe');
    await onSpan.locator('summary').click();
    await onSpan.locator('textarea').fill('Slow first token');
    await onSpan.locator('[data-testid=comment-submit]').click();
    await waitCount('[data-testid=span-panel] [data-testid=comment]', 1);
    expect(api.commentPosts.at(-1)).toEqual({ objectType: 'OBSERVATION', objectId: 'a000000000000002', content: 'Slow first token', author: 'zoe' });

    await page.goto(`${base}/sessions/sess-alice-1`);
    const onSession = page.locator('[data-testid=comments]');
    await onSession.waitFor();
    await onSession.locator('summary').click();
    await onSession.locator('textarea').fill('User left happy');
    await onSession.locator('[data-testid=comment-submit]').click();
    await waitCount('[data-testid=comments] [data-testid=comment]', 1);
    expect(api.commentPosts.at(-1)).toEqual({ objectType: 'SESSION', objectId: 'sess-alice-1', content: 'User left happy', author: 'zoe' });
  });

  it('lists datasets, opens one, and compares two picked runs item by item', async () => {
    await page.goto(`${base}/datasets`);
    await waitCount('[data-testid=dataset-row]', 2);
    expect(await page.locator('[data-testid=dataset-row]').first().innerText()).toMatch(/^support-qa\tSupport questions with the answers we want\t2\t3\t/);
    await page.click(`[data-testid=dataset-row] a >> text=${DATASET}`);
    await page.waitForURL(`**/datasets/${DATASET}`);
    await waitCount('[data-testid=run-row]', 3);
    expect(await page.innerText('[data-testid=dataset-metadata]')).toContain('"owner": "support-team"');
    expect(await page.locator('[data-testid=dataset-item]').count()).toBe(3);
    const refund = page.locator('[data-testid=dataset-item][data-item-id=item-refund]');
    expect(await refund.innerText()).toContain('[user]\nMy order #123 is 3 days late. Can I get a refund?');
    expect(await refund.locator('[data-testid=item-source]').getAttribute('href')).toBe(`/traces/${SUPPORT_TRACE_ID}?span=b000000000000002`);
    expect(await page.locator('[data-testid=dataset-item][data-item-id=item-track]').innerText()).toContain('archived');
    expect(await page.locator(`[data-testid=run-row][data-run="${RUN_BASELINE}"]`).innerText()).toMatch(/correctness 0\.83\s*tone 0\.6/);

    expect(await page.isDisabled('[data-testid=compare-runs]')).toBe(true);
    await page.check(`[aria-label="Pick run ${RUN_BASELINE}"]`);
    await page.check(`[aria-label="Pick run ${RUN_HAIKU}"]`);
    await waitText('[data-testid=compare-runs]', 'Compare 2 runs');
    await page.click('[data-testid=compare-runs]');
    // Runs in the table's order (newest first), whatever order they were ticked in.
    await page.waitForURL(`**/datasets/${DATASET}/compare?run=${encodeURIComponent(RUN_HAIKU)}&run=${encodeURIComponent(RUN_BASELINE)}`);
    await waitCount('[data-testid=run-summary-row]', 2);
    const cells = await page.locator('[data-testid=run-summary-row]').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(cells).toEqual([
      [RUN_HAIKU, '3', '650 ms (best)', '$0.0012 (best)', '0.50', '—'],
      [RUN_BASELINE, '3', '1.70 s', '$0.0048', '0.83 (best)', '0.60'],
    ]);
    // One run has a tone score: nothing to beat, nothing marked.
    expect(await page.locator('[data-testid=run-summary] td[data-best]').count()).toBe(3);

    await waitCount('[data-testid=compare-item]', 3);
    const refundRow = page.locator('[data-testid=compare-item][data-item-id=item-refund]');
    const haiku = refundRow.locator(`[data-testid=run-result][data-run="${RUN_HAIKU}"]`);
    const baseline = refundRow.locator(`[data-testid=run-result][data-run="${RUN_BASELINE}"]`);
    expect(await haiku.locator('[data-testid=run-output]').innerText()).toContain('Sorry about the delay! I have issued a full refund.');
    expect(await haiku.locator('[data-testid=score-chips]').innerText()).toBe('correctness 0');
    expect(await haiku.innerText()).toMatch(/1\.70 s\s+\$0\.00040\s+330 tokens/);
    expect(await baseline.locator('[data-testid=run-output]').innerText()).toContain('not yet eligible for a refund');
    expect(await baseline.locator('[data-testid=score-chips]').innerText()).toMatch(/correctness 1\s*tone 0\.4/);
    expect(await baseline.innerText()).toContain('error');
    expect(await baseline.locator('[data-testid=run-trace]').getAttribute('href')).toBe(`/traces/${SUPPORT_TRACE_ID}?span=b000000000000002`);
    // An item the run did not reach, and a long output that opens on demand.
    const track = page.locator('[data-testid=compare-item][data-item-id=item-track]');
    expect(await track.locator(`[data-testid=run-result][data-run="${RUN_BASELINE}"]`).innerText()).toBe('not in this run');
    const long = track.locator(`[data-testid=run-result][data-run="${RUN_HAIKU}"] [data-testid=run-output]`);
    expect(await long.innerText()).not.toContain(LONG_ANSWER_LINES[11]);
    await long.locator('button', { hasText: 'Show all' }).click();
    await page.waitForFunction((t) => document.body.innerText.includes(t), LONG_ANSWER_LINES[11]);
    await long.locator('button', { hasText: 'Show less' }).click();

    // One run alone: its name on the dataset page opens it.
    await page.click('text=Back to the dataset');
    await page.click(`[data-testid=run-row] a >> text=${RUN_HAIKU}`);
    await page.waitForURL(`**/compare?run=${encodeURIComponent(RUN_HAIKU)}`);
    await waitCount('[data-testid=run-summary-row]', 1);
    expect(await page.locator('[data-testid=compare-item] [data-testid=run-result]').count()).toBe(3);
  });

  it('creates a dataset from the form, and tells how to make one when there are none', async () => {
    await page.goto(`${base}/datasets`);
    await page.click('[data-testid=dataset-create]');
    const form = page.locator('[data-testid=dataset-new]');
    await form.locator('input').first().fill('regression set');
    await form.locator('input').nth(1).fill('Answers that broke once');
    await form.locator('button[type=submit]').click();
    await page.waitForURL('**/datasets/regression%20set');
    await waitText('[data-testid=dataset-description]', 'Answers that broke once');
    expect(await page.innerText('main')).toContain('No items yet');
    expect(api.datasetPosts.at(-1)).toEqual({ path: '/api/v1/datasets', body: { name: 'regression set', description: 'Answers that broke once' } });

    await page.route('**/api/v1/datasets', (route) => route.fulfill({ contentType: 'application/json', body: '{"datasets":[]}' }));
    await page.goto(`${base}/datasets`);
    expect(await page.innerText('[data-testid=datasets-empty]')).toContain('langfuse.api.datasets.create');
    await page.unroute('**/api/v1/datasets');
  });

  it("adds a span to a dataset from its panel: its input, its output as the expected output, and itself as the source", async () => {
    const span = buildTraces().flat().find((s) => s.spanId === 'a000000000000002')!;
    const expected = { ...spanItemBody(span)!, sourceTraceId: WEATHER_TRACE_ID, sourceObservationId: 'a000000000000002' };
    expect(JSON.stringify(expected.input)).toContain('What is the weather in Paris right now?');
    expect(JSON.stringify(expected.expectedOutput)).toContain('get_weather');
    await page.goto(`${base}/traces/${WEATHER_TRACE_ID}?span=a000000000000002`);
    await page.click('[data-testid=add-to-dataset]');
    const form = page.locator('[data-testid=add-to-dataset-form]');
    // The existing datasets are offered (the button waits for them: only a new name is created).
    await page.locator(`#dataset-names option[value="${DATASET}"]`).waitFor({ state: 'attached' });
    const before = api.datasetPosts.length;
    await form.locator('input').fill(DATASET);
    await form.locator('button[type=submit]').click();
    await waitText('[data-testid=add-to-dataset-done]', `Added to ${DATASET}`);
    expect(api.datasetPosts.slice(before)).toEqual([{ path: `/api/v1/datasets/${DATASET}/items`, body: expected }]);

    // A new name: the dataset is made first, then the item goes into it.
    await form.locator('input').fill('weather answers');
    await waitText('[data-testid=add-to-dataset-form] button[type=submit]', 'Create and add');
    await form.locator('button[type=submit]').click();
    await waitText('[data-testid=add-to-dataset-done]', 'Added to the new dataset weather answers');
    expect(api.datasetPosts.slice(before + 1)).toEqual([
      { path: '/api/v1/datasets', body: { name: 'weather answers' } },
      { path: '/api/v1/datasets/weather%20answers/items', body: expected },
    ]);
    await page.click('[data-testid=add-to-dataset-done] a');
    await page.waitForURL('**/datasets/weather%20answers');
    await waitCount('[data-testid=dataset-item]', 1);
    expect(await page.locator('[data-testid=item-source]').getAttribute('href')).toBe(`/traces/${WEATHER_TRACE_ID}?span=a000000000000002`);

    // A refusal shows as the form's error.
    await page.route('**/api/v1/datasets/*/items', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"input is too large"}' }));
    await page.goto(`${base}/traces/${WEATHER_TRACE_ID}?span=a000000000000002`);
    await page.click('[data-testid=add-to-dataset]');
    await page.locator('#dataset-names option[value="weather answers"]').waitFor({ state: 'attached' });
    await form.locator('input').fill(DATASET);
    await form.locator('button[type=submit]').click();
    await waitText('[data-testid=add-to-dataset-form] [role=alert]', 'input is too large');
    await page.unroute('**/api/v1/datasets/*/items');
  });

  it('lists evaluators, creates one with the body the API takes, and tries one on a trace', async () => {
    await page.goto(`${base}/evaluators`);
    await waitCount('[data-testid=evaluator-row]', 1);
    const row = await page.innerText('[data-testid=evaluator-row]');
    for (const text of [EVALUATOR, 'model calls', 'gpt-4o-mini', '25%', 'yes', '42']) expect(row).toContain(text);
    expect(await page.getAttribute('[data-testid=nav-evaluators]', 'aria-current')).toBe('page');

    await page.click('[data-testid=evaluator-create]');
    const form = page.locator('[data-testid=evaluator-form]');
    expect(await form.innerText()).toContain('{{expected}}');
    await form.locator('[data-testid=evaluator-name]').fill('tone');
    await form.locator('[data-testid=evaluator-samplingPercent]').fill('10');
    await form.locator('[data-testid=evaluator-service]').fill('support-bot');
    await form.locator('[data-testid=evaluator-judgeModel]').fill('judge-large');
    await form.locator('[data-testid=evaluator-template]').fill('Is {{output}} polite?');
    await form.locator('[data-testid=evaluator-output]').selectOption('categorical');
    await form.locator('[data-testid=evaluator-labels]').fill('polite, rude');
    await form.locator('button[type=submit]').click();
    await waitCount('[data-testid=evaluator-row]', 2);
    expect(api.evaluatorRequests.at(-1)).toEqual({
      method: 'POST',
      path: '/api/v1/evaluators',
      body: {
        name: 'tone', enabled: true, target: 'llm', filters: { service: 'support-bot' }, samplingRate: 0.1,
        judge: { baseUrl: 'https://api.openai.com/v1', model: 'judge-large', apiKeyEnv: 'WATCHLLM_JUDGE_KEY_OPENAI' },
        promptTemplate: 'Is {{output}} polite?', output: { type: 'categorical', labels: ['polite', 'rude'] },
      },
    });
    expect(await page.innerText('[data-testid=evaluators-table]')).toContain('(not callable here)');

    // Edit the first: a draft tried on a trace, unsaved.
    await page.locator('[data-testid=evaluator-edit]').first().click();
    const edit = page.locator('[data-testid=evaluator-form]');
    await edit.locator('[data-testid=evaluator-template]').fill('Judge {{output}} given {{input}}');
    await edit.locator('[data-testid=evaluator-try-trace]').fill(WEATHER_TRACE_ID);
    await edit.locator('[data-testid=evaluator-try-run]').click();
    await waitText('[data-testid=evaluator-try-result]', '0.75');
    expect(await page.innerText('[data-testid=evaluator-try-result]')).toContain('answers the question');
    const tried = api.evaluatorRequests.at(-1)!;
    expect(tried).toMatchObject({ method: 'POST', path: `/api/v1/evaluators/${EVALUATOR}/test`, body: { traceId: WEATHER_TRACE_ID, draft: { promptTemplate: 'Judge {{output}} given {{input}}' } } });
    await edit.locator('[data-testid=evaluator-enabled]').uncheck();
    await edit.locator('button[type=submit]').click();
    await page.locator('[data-testid=evaluator-form]').waitFor({ state: 'detached' });
    expect(api.evaluatorRequests.at(-1)).toMatchObject({ method: 'PATCH', path: `/api/v1/evaluators/${EVALUATOR}`, body: { enabled: false, samplingRate: 0.25, promptTemplate: 'Judge {{output}} given {{input}}' } });
    expect(api.evaluatorRequests.at(-1)!.body.name).toBeUndefined();
  });

  it("scores a span through the project's score configs: a category picked from its labels, a boolean, and the API's refusal of a number out of bounds", async () => {
    await page.goto(`${base}/traces/${WEATHER_TRACE_ID}?span=a000000000000002`);
    // The span has no scores yet: its Evaluations section opens on a click.
    await page.click('[data-testid=span-evaluations] > summary');
    const form = page.locator('[data-testid=span-panel] [data-testid=score-form]');
    const config = form.locator('[data-testid=score-config]');
    await config.locator(`option[value=${TONE.id}]`).waitFor({ state: 'attached' });
    // A free score first, as without configs: a name of one's own and thumbs.
    expect(await config.inputValue()).toBe('');
    expect(await config.locator('option').allInnerTexts()).toEqual(['free score', 'answered', 'rating', 'tone']);
    await form.locator('[data-testid=score-up]').waitFor();
    const submit = () => form.locator('button[type=submit]').click();
    const sent = () => {
      const { author: _, ...body } = api.scoreConfigRequests.at(-1)!.body;
      return body;
    };

    await config.selectOption(TONE.id);
    expect(await form.locator('[data-testid=score-up]').count()).toBe(0);
    const value = form.locator('[data-testid=score-config-value]');
    expect(await value.locator('option').allInnerTexts()).toEqual(['pick a label', 'friendly', 'neutral', 'rude']);
    await submit();
    await waitText('[data-testid=span-panel] [data-testid=score-form] [role=alert]', 'Pick a label.');
    await value.selectOption('neutral');
    await form.locator('textarea').fill('flat but polite');
    await submit();
    await waitText('[data-testid=span-panel] [data-testid=score-form] [role=status]', 'Saved tone: neutral.');
    expect(api.scoreConfigRequests.at(-1)!.path).toBe('/api/v1/evaluations');
    expect(sent()).toEqual({ traceId: WEATHER_TRACE_ID, spanId: 'a000000000000002', name: 'tone', configId: TONE.id, label: 'neutral', explanation: 'flat but polite' });

    // A number: its bounds on the input and beside it; one past them is sent, and the API's answer shown.
    await config.selectOption(RATING.id);
    expect(await form.locator('[data-testid=score-config-range]').innerText()).toBe('1 – 5');
    expect([await value.getAttribute('min'), await value.getAttribute('max')]).toEqual(['1', '5']);
    expect(await form.innerText()).toContain(RATING.description!);
    await value.fill('7');
    await submit();
    await waitText('[data-testid=span-panel] [data-testid=score-form] [role=alert]', 'field score: 7 is above the maximum 5 of score config "rating"');
    expect(sent()).toEqual({ traceId: WEATHER_TRACE_ID, spanId: 'a000000000000002', name: 'rating', configId: RATING.id, score: 7 });
    await value.fill('4.5');
    await submit();
    await waitText('[data-testid=span-panel] [data-testid=score-form] [role=status]', 'Saved rating: 4.5.');

    // True / false goes as 1 / 0.
    await config.selectOption(ANSWERED.id);
    expect(await value.locator('option').allInnerTexts()).toEqual(['pick', 'true', 'false']);
    await value.selectOption({ label: 'false' });
    await submit();
    await waitText('[data-testid=span-panel] [data-testid=score-form] [role=status]', 'Saved answered: 0.');
    expect(sent()).toEqual({ traceId: WEATHER_TRACE_ID, spanId: 'a000000000000002', name: 'answered', configId: ANSWERED.id, score: 0 });
  });

  it('lists the score configs on the Evaluators page, creates one from the type-dependent form, and archives and restores one', async () => {
    await page.goto(`${base}/evaluators`);
    await waitCount('[data-testid=score-config-row]', 3);
    const rows = page.locator('[data-testid=score-config-row]');
    expect(await rows.allInnerTexts()).toEqual([
      'answered\tboolean\tTrue = 1, False = 0\t\tlive\tArchive',
      'rating\tnumeric\t1 – 5\tStars a reviewer gives\tlive\tArchive',
      'tone\tcategorical\tfriendly = 1, neutral = 0, rude = -1\t\tlive\tArchive',
    ]);

    await page.click('[data-testid=score-config-create]');
    const form = page.locator('[data-testid=score-config-form]');
    const fillAndSubmit = async (fields: Record<string, string>) => {
      for (const [field, value] of Object.entries(fields)) await form.locator(`[data-testid=score-config-${field}]`).fill(value);
      await form.locator('button[type=submit]').click();
    };
    // The type's own fields: bounds for a number, categories for a categorical config.
    expect(await form.locator('[data-testid=score-config-maxValue]').count()).toBe(1);
    await form.locator('[data-testid=score-config-dataType]').selectOption('CATEGORICAL');
    expect(await form.locator('[data-testid=score-config-maxValue]').count()).toBe(0);
    await fillAndSubmit({ name: 'helpful', categories: 'yes = 1, partly = 0.5, no = 0', description: 'Did it help?' });
    await waitCount('[data-testid=score-config-row]', 4);
    expect(api.scoreConfigRequests.at(-1)).toEqual({
      method: 'POST',
      path: '/api/v1/score-configs',
      body: { name: 'helpful', dataType: 'CATEGORICAL', categories: [{ label: 'yes', value: 1 }, { label: 'partly', value: 0.5 }, { label: 'no', value: 0 }], description: 'Did it help?' },
    });
    expect(await rows.nth(1).innerText()).toBe('helpful\tcategorical\tyes = 1, partly = 0.5, no = 0\tDid it help?\tlive\tArchive');

    // The API's refusal shows under the form.
    await page.route('**/api/v1/score-configs', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"field maxValue: must be greater than minValue (5)"}' }) : route.fallback(),
    );
    await page.click('[data-testid=score-config-create]');
    await fillAndSubmit({ name: 'broken', minValue: '5', maxValue: '1' });
    await waitText('[data-testid=score-config-form] [role=alert]', 'field maxValue: must be greater than minValue (5)');
    await page.unroute('**/api/v1/score-configs');
    await page.click('[data-testid=score-config-create]');

    // Archived: marked, and the score forms no longer offer it; restored: offered again.
    await page.locator(`[data-testid=score-config-row]:has-text("tone") [data-testid=score-config-archive]`).click();
    await waitText('[data-testid=score-config-row][data-archived=true]', 'tone');
    expect(api.scoreConfigRequests.at(-1)).toEqual({ method: 'PATCH', path: `/api/v1/score-configs/${TONE.id}`, body: { isArchived: true } });
    await page.goto(`${base}/sessions/sess-alice-1`);
    const offered = page.locator('[data-testid=session-scores] [data-testid=score-config] option');
    await waitCount('[data-testid=session-scores] [data-testid=score-config] option', 4);
    expect(await offered.allInnerTexts()).toEqual(['free score', 'answered', 'helpful', 'rating']);
    await page.goBack();
    await page.locator('[data-testid=score-config-restore]').click();
    await waitCount('[data-testid=score-config-restore]', 0);
    expect(api.scoreConfigRequests.at(-1)).toEqual({ method: 'PATCH', path: `/api/v1/score-configs/${TONE.id}`, body: { isArchived: false } });
  });

  it("creates an annotation queue, adds a trace to it, scores it through the queue's config and completes it", async () => {
    await page.goto(`${base}/annotate`);
    await page.locator('[data-testid=queues-empty]').waitFor();
    await page.click('[data-testid=queue-create]');
    const form = page.locator('[data-testid=queue-form]');
    await form.locator('[data-testid=queue-config-rating]').waitFor();
    await form.locator('[data-testid=queue-name]').fill('answer review');
    await form.locator('[data-testid=queue-description]').fill('Rate the answers');
    await form.locator('[data-testid=queue-config-rating]').check();
    await form.locator('button[type=submit]').click();
    await waitCount('[data-testid=queue-row]', 1);
    expect(api.annotationQueueRequests.at(-1)).toEqual({ method: 'POST', path: '/api/v1/annotation-queues', body: { name: 'answer review', description: 'Rate the answers', scoreConfigIds: [RATING.id] } });
    const queueId = 'queue-1';

    // Added from the trace page.
    await page.goto(`${base}/traces/${WEATHER_TRACE_ID}`);
    await page.click('[data-testid=add-to-queue]');
    await page.locator('[data-testid=add-to-queue-pick] option').first().waitFor({ state: 'attached' });
    await page.click('[data-testid=add-to-queue-submit]');
    await waitText('[data-testid=add-to-queue-done]', 'Added to answer review.');
    expect(api.annotationQueueRequests.at(-1)).toEqual({ method: 'POST', path: `/api/v1/annotation-queues/${queueId}/items`, body: { objectType: 'TRACE', objectId: WEATHER_TRACE_ID } });

    await page.goto(`${base}/annotate`);
    await waitText('[data-testid=queue-row] [data-testid=queue-pending]', '1');
    await page.click('[data-testid=queue-row] a');
    await page.waitForURL(`**/annotate/${queueId}`);
    const item = page.locator('[data-testid=queue-item]');
    await waitText('[data-testid=queue-item-preview]', PREVIEW.output);
    expect(await item.getAttribute('data-object-id')).toBe(WEATHER_TRACE_ID);
    // The queue's config alone, picked: no free score.
    const config = item.locator('[data-testid=score-config]');
    await config.locator('option').first().waitFor({ state: 'attached' });
    expect(await config.locator('option').allInnerTexts()).toEqual(['rating']);
    await item.locator('[data-testid=score-config-value]').fill('4');
    await item.locator('[data-testid=score-form] button[type=submit]').click();
    await waitText('[data-testid=queue-item] [data-testid=score-form] [role=status]', 'Saved rating: 4.');
    const { author: _, ...scored } = api.scoreConfigRequests.at(-1)!.body;
    expect(scored).toEqual({ traceId: WEATHER_TRACE_ID, name: 'rating', configId: RATING.id, score: 4 });

    await page.click('[data-testid=queue-complete]');
    await waitText('[data-testid=queue-done]', 'Nothing pending in this queue: all 1 done.');
    expect(api.annotationQueueRequests.at(-1)).toMatchObject({ method: 'PATCH', body: { status: 'COMPLETED' } });
    await waitText('[data-testid=queue-progress]', '0 pending · 1 completed');
  });

  it('opens a model call in the playground prefilled, runs it edited, and saves it as a prompt', async () => {
    await page.goto(`${base}/traces/${WEATHER_TRACE_ID}?span=a000000000000005`);
    await page.click('[data-testid=open-in-playground]');
    await page.waitForURL('**/playground');
    expect(await page.getAttribute('[data-testid=nav-playground]', 'aria-current')).toBe('page');
    await page.locator('[data-testid=playground-connection] option[value=OPENAI]').waitFor({ state: 'attached' });
    expect(await page.inputValue('[data-testid=playground-connection]')).toBe('OPENAI');
    expect([await page.inputValue('[data-testid=playground-model]'), await page.inputValue('[data-testid=playground-temperature]'), await page.inputValue('[data-testid=playground-max-tokens]')]).toEqual(['gpt-4o', '0.2', '256']);
    const roles = await page.locator('[data-testid=playground-role]').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(roles).toEqual(['system', 'user', 'assistant', 'user', 'user']);
    const contents = page.locator('[data-testid=playground-content]');
    expect(await contents.nth(0).inputValue()).toBe('You are a weather assistant.\nAnswer in one sentence.\nUse metric units.');
    expect(await contents.nth(2).inputValue()).toContain('→ tool call get_weather [call_w1]');
    expect(await contents.nth(3).inputValue()).toContain('← tool result [call_w1]');

    // Edited: a warmer temperature, another city, the time's tool result removed.
    await page.fill('[data-testid=playground-temperature]', '0.5');
    await contents.nth(1).fill('What is the weather in Lyon right now?');
    await page.click('[aria-label="Remove message 5"]');
    await page.click('[data-testid=playground-run]');
    await waitText('[data-testid=playground-reply]', PLAYGROUND_REPLY);
    expect(await page.innerText('[data-testid=playground-reply-facts]')).toContain('42 in / 9 out');
    const messages = [
      { role: 'system', content: 'You are a weather assistant.\nAnswer in one sentence.\nUse metric units.' },
      { role: 'user', content: 'What is the weather in Lyon right now?' },
      { role: 'assistant', content: expect.stringContaining('→ tool call get_time [call_t1]') },
      { role: 'user', content: expect.stringContaining('← tool result [call_w1]') },
    ];
    expect(api.playgroundPosts.at(-1)).toEqual({ path: '/api/v1/playground/chat', body: { connection: 'OPENAI', model: 'gpt-4o', messages, parameters: { temperature: 0.5, max_tokens: 256 } } });

    await page.fill('[data-testid=playground-save-name]', 'weather/lyon');
    await page.click('[data-testid=playground-save] button[type=submit]');
    await waitText('[data-testid=playground-saved]', 'weather/lyon v1');
    expect(api.playgroundPosts.at(-1)).toEqual({ path: '/api/public/v2/prompts', body: { name: 'weather/lyon', type: 'chat', prompt: messages, config: { model: 'gpt-4o', temperature: 0.5, max_tokens: 256 }, labels: [] } });

    // The draft outlives a reload; with no connection allowed, the page says how to add one.
    await page.route('**/api/v1/playground/connections', (route) => route.fulfill({ contentType: 'application/json', body: '{"connections":[]}' }));
    await page.reload();
    expect(await page.locator('[data-testid=playground-content]').nth(1).inputValue()).toBe('What is the weather in Lyon right now?');
    await waitText('[data-testid=playground-no-connections]', 'WATCHLLM_JUDGE_URL_OPENAI=');
    await page.unroute('**/api/v1/playground/connections');
  });

  it("lists the project's model prices and the catalog's, filters the catalog, adds and deletes a model, and shows the API's refusal", async () => {
    await page.goto(`${base}/models`);
    await waitCount('[data-testid=model-row]', 1);
    expect(await page.getAttribute('[data-testid=nav-models]', 'aria-current')).toBe('page');
    expect(await page.innerText('[data-testid=model-row]')).toMatch(/^acme-support-ft\t\(\?i\)\^\(acme-support-ft\)\$\t2025-01-01\t\$1\.00\t\$4\.00\t—\t—\t—\t/);
    expect(await page.innerText('[data-testid=models-note]')).toContain('watchllm reprice');
    await waitCount('[data-testid=catalog-row]', BUILT_IN_MODELS.length);
    expect(await page.locator('[data-testid=catalog-row]').first().innerText()).toMatch(/^openai\tgpt-4o\t.*\t\$2\.50\t\$10\.00\t\$1\.25\t—$/);

    // The catalog filtered as you type: by provider, by name, and nothing.
    await page.fill('[data-testid=catalog-filter]', 'Google');
    await waitCount('[data-testid=catalog-row]', 1);
    expect(await page.innerText('[data-testid=catalog-row]')).toMatch(/^google\tclaude-3-haiku\t/);
    await page.fill('[data-testid=catalog-filter]', 'claude-3-haiku');
    await waitCount('[data-testid=catalog-row]', 2);
    expect(await page.innerText('[data-testid=catalog-count]')).toContain(`2 of ${BUILT_IN_MODELS.length} models`);
    await page.fill('[data-testid=catalog-filter]', 'no-such-model');
    await waitText('[data-testid=catalog-table]', 'No built-in model matches "no-such-model".');
    await page.fill('[data-testid=catalog-filter]', '');
    await waitCount('[data-testid=catalog-row]', BUILT_IN_MODELS.length);

    // A new model: the pattern follows the name, prices per 1M tokens go out per token.
    const form = page.locator('[data-testid=model-form]');
    await form.locator('[data-testid=model-name]').fill('acme/llama-3.1');
    expect(await form.locator('[data-testid=model-pattern]').inputValue()).toBe('(?i)^(acme/llama-3\\.1)$');
    await form.locator('[data-testid=model-start]').fill('2025-03-01');
    await form.locator('[data-testid=model-price-input]').fill('0.15');
    await form.locator('[data-testid=model-price-output]').fill('0.6');
    await form.locator('[data-testid=model-price-cacheRead]').fill('0.075');
    await form.locator('button[type=submit]').click();
    await waitCount('[data-testid=model-row]', 2);
    expect(api.modelPricePosts.at(-1)).toEqual({
      modelName: 'acme/llama-3.1', matchPattern: '(?i)^(acme/llama-3\\.1)$', startDate: '2025-03-01T00:00:00Z', unit: 'TOKENS',
      prices: { input: 1.5e-7, output: 6e-7, input_cache_read: 7.5e-8 },
    });
    expect(await page.locator('[data-testid=model-row]').first().innerText()).toMatch(/^acme\/llama-3\.1\t.*\t2025-03-01\t\$0\.15\t\$0\.60\t\$0\.075\t—\t—\t/);
    expect(await form.locator('[data-testid=model-name]').inputValue()).toBe('');

    // The server's 400 shows under the form; nothing is added.
    await form.locator('[data-testid=model-name]').fill('broken');
    await form.locator('[data-testid=model-pattern]').fill('(?i)^(broken');
    await form.locator('[data-testid=model-price-input]').fill('1');
    await form.locator('[data-testid=model-price-output]').fill('2');
    await form.locator('button[type=submit]').click();
    await waitText('[data-testid=model-form] [role=alert]', 'field matchPattern: not a valid regular expression');
    expect(await page.locator('[data-testid=model-row]').count()).toBe(2);

    // Delete behind a confirming click.
    const added = page.locator('[data-testid=model-row]').first();
    await added.locator('[data-testid=model-delete]').click();
    await added.locator('[data-testid=model-delete-yes]').click();
    await waitCount('[data-testid=model-row]', 1);
    expect(await page.getAttribute('[data-testid=model-row]', 'data-model-id')).toBe(PROJECT_MODEL.id);

    // A span priced by a project model links to it from its cost.
    await page.route(`**/api/v1/traces/${WEATHER_TRACE_ID}*`, async (route) => {
      const trace = await (await route.fetch()).json();
      for (const s of trace.spans) if (s.genAi?.stepType === 'llm') Object.assign(s.genAi, { costSource: 'custom', priceVersion: `model:${PROJECT_MODEL.id}` });
      await route.fulfill({ json: trace });
    });
    await page.goto(`${base}/traces/${WEATHER_TRACE_ID}?span=a000000000000005`);
    await page.click('[data-testid=span-cost-model]');
    await page.waitForURL(`**/models?model=${PROJECT_MODEL.id}`);
    await waitCount('[data-testid=model-row].marked', 1);
    await page.unroute(`**/api/v1/traces/${WEATHER_TRACE_ID}*`);
  });

  it('shows API errors as readable messages, and unknown pages as not found', async () => {
    await page.goto(`${base}/traces/${BROKEN_TRACE_ID}`);
    expect(await page.innerText('[data-testid=error]')).toContain('storage unavailable: connection refused');
    await page.goto(`${base}/traces/0000/steps`);
    expect(await page.innerText('[data-testid=error]')).toContain('not found');
    await page.goto(`${base}/no/such/page`);
    expect(await page.innerText('main')).toContain('Page not found');
  });
});
