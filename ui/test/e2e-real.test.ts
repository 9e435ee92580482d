// Issue 6 end to end: the demo agent's traces go through the OTLP endpoint of a real WatchLLM, then Chromium
// drives the UI it serves: traces, model filter, search, waterfall + span detail, agent steps, dashboard, compare,
// sessions. The screenshots of docs/screenshots/ (shown in the README) are taken here, on this real data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { CostsResponse, DatasetCompareDto, ModelPriceListDto, ServiceMapResponse, UserListResponse } from '../src/api/types.js';
import { formatCost, formatInt } from '../src/lib/format.js';
import { prettyValue } from '../src/lib/json.js';
import { valueText } from '../src/lib/messages.js';
import { draftFromSpan } from '../src/lib/playground.js';
import { PALETTE } from '../src/lib/series.js';
import { attributeOf, chromiumAvailable, launchChromium, measureFirstRender, waitCount, waitMatch, waitText } from './browser.js';
import { inputTexts, readExpectations, startSeededStack, type Expectations, type RealStack, type TraceWithSteps } from './real-stack.js';
import { seedDataset } from './seed-dataset.js';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const SEARCH_WORD = 'Lisbon';
const FILTER_MODEL = 'claude-3-5-sonnet-20241022';
// A judge connection as an operator names one (a local OpenAI-compatible server): the evaluators' judges and the
// playground's connection. Nothing in this test calls it, so nothing needs to answer there.
const JUDGE = { name: 'LOCAL', url: 'http://127.0.0.1:11434/v1', host: '127.0.0.1:11434' };
const CHARTS = ['chart-cost', 'chart-tokens', 'chart-calls', 'chart-error-rate', 'chart-latency-p50', 'chart-latency-p95', 'chart-latency-p99'];

describe.skipIf(!chromiumAvailable('ui real-stack e2e'))('UI on a real WatchLLM seeded over OTLP', () => {
  let stack: RealStack;
  let expected: Expectations;
  let browser: Browser;
  let page: Page;
  /** The agent turn opened from the search results: its LLM call asked for a tool that then ran. */
  let opened: TraceWithSteps;

  beforeAll(async () => {
    const [s, b] = await Promise.all([startSeededStack({ [`WATCHLLM_JUDGE_URL_${JUDGE.name}`]: JUDGE.url }), launchChromium()]);
    stack = s;
    ({ browser, page } = b);
    expected = await readExpectations(stack);
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** Saves docs/screenshots/<name>.png; a taller window shows more of a long page (chat, graph, diff). */
  const shot = async (name: string, height = 900) => {
    if (height !== 900) await page.setViewportSize({ width: 1400, height });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    if (height !== 900) await page.setViewportSize({ width: 1400, height: 900 });
  };
  const rowIds = () => attributeOf(page, '[data-testid=trace-row]', 'data-trace-id');
  const waitRows = (n: number) => waitCount(page, '[data-testid=trace-row]', n);

  it('lists every seeded trace, newest first, and renders the first page within a second', async () => {
    expect(expected.traces.length).toBe(stack.seeded.traceIds.length);
    const render = await measureFirstRender(page, `${stack.base}/traces`, '[data-testid=trace-row]', '/api/v1/traces?');
    console.log(`traces page first render on ${expected.traces.length} seeded traces: ${Math.round(render.bestMs)} ms (API answered at ${Math.round(render.apiMs ?? NaN)} ms; runs ${render.runsMs.join(', ')} ms)`);
    expect(render.bestMs).toBeLessThan(1000);
    await waitRows(expected.traces.length);
    expect(await rowIds()).toEqual(expected.traces.map((t) => t.traceId));
    expect(new Set(await rowIds())).toEqual(new Set(stack.seeded.traceIds));
    // Input / output lines arrive after the list: the first row's is its question and its answer.
    await waitCount(page, '[data-testid=trace-row] [data-testid=trace-preview]', expected.traces.length);
    const [inLine, outLine] = await page.locator('[data-testid=trace-row]').first().locator('.preview-line').allInnerTexts();
    const firstDetail = JSON.stringify(expected.details.get(expected.traces[0].traceId));
    expect(inLine.startsWith('IN')).toBe(true);
    expect(firstDetail).toContain(JSON.stringify(inLine.replace(/^IN\s*/, '').slice(0, 30)).slice(1, -1));
    expect(outLine.startsWith('OUT')).toBe(true);
    const first = await page.locator('[data-testid=trace-row]').first().innerText();
    expect(first).toContain('invoke_workflow customer-support');
    expect(first).toContain(formatCost(expected.traces[0].costUsd));
    await shot('traces');
  });

  it('filters by model through the URL', async () => {
    const want = expected.traces.filter((t) => t.models.includes(FILTER_MODEL)).map((t) => t.traceId);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(expected.traces.length);
    await page.fill('[data-testid=filter-model]', FILTER_MODEL);
    await page.click('[data-testid=apply-filters]');
    await page.waitForURL(new RegExp(`model=${FILTER_MODEL}`));
    await waitRows(want.length);
    expect(await rowIds()).toEqual(want);
    for (const models of await page.locator('[data-testid=trace-row] td.models').allInnerTexts()) expect(models).toContain(FILTER_MODEL);
    // Export CSV downloads the whole filtered search.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    expect(download.suggestedFilename()).toBe('watchllm-traces.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(csv[0].startsWith('traceId,start,rootName')).toBe(true);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(want);
    await page.goBack();
    await waitRows(expected.traces.length);
  });

  it('filters by a tag clicked in the list, then by a second one typed in', async () => {
    const TAG = 'get_weather';
    const want = expected.traces.filter((t) => t.tags.includes(TAG)).map((t) => t.traceId);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(expected.traces.length);
    await page.locator('[data-testid=trace-row] [data-testid=tag-list] button', { hasText: `#${TAG}` }).first().click();
    await page.waitForURL(new RegExp(`tag=${TAG}`));
    await waitRows(want.length);
    expect(await rowIds()).toEqual(want);
    // A second tag narrows to traces with both.
    const both = expected.traces.filter((t) => t.tags.includes(TAG) && t.tags.includes('anthropic')).map((t) => t.traceId);
    expect(both.length).toBeGreaterThan(0);
    expect(both.length).toBeLessThan(want.length);
    await page.fill('[data-testid=filter-tag]', 'anthropic');
    await page.press('[data-testid=filter-tag]', 'Enter');
    await page.waitForURL(/tag=anthropic/);
    await waitRows(both.length);
    expect(await rowIds()).toEqual(both);
    expect(await page.locator('[data-testid=tag-filters] li span').allInnerTexts()).toEqual([`#${TAG}`, '#anthropic']);
    await page.goBack();
    await page.goBack();
    await waitRows(expected.traces.length);
  });

  it('searches a word from a prompt', async () => {
    const want = expected.traces.filter((t) => JSON.stringify(expected.details.get(t.traceId)).includes(SEARCH_WORD)).map((t) => t.traceId);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(expected.traces.length);
    await page.fill('[data-testid=search-input]', SEARCH_WORD);
    await page.press('[data-testid=search-input]', 'Enter');
    await page.waitForURL(new RegExp(`q=${SEARCH_WORD}`));
    await waitRows(want.length);
    expect(await rowIds()).toEqual(want);
  });

  it('opens a trace: waterfall rows and the LLM span detail with its chat', async () => {
    const found = new Set(await rowIds());
    opened = expected.agentTurns.find((t) => found.has(t.summary.traceId) && inputTexts(t.spans.find((s) => s.spanId === t.caller.spanId)!).some((x) => x.includes(SEARCH_WORD)))!;
    expect(opened, 'a search hit where the agent called a tool').toBeDefined();
    const traceId = opened.summary.traceId;
    await page.click(`[data-trace-id="${traceId}"] a`);
    await page.waitForURL(new RegExp(`/traces/${traceId}$`));
    await waitCount(page, '[data-testid=waterfall-row]', opened.spans.length);
    expect(await attributeOf(page, '[data-testid=waterfall-row]', 'data-span-id')).toEqual(opened.spans.map((s) => s.spanId));
    expect(await attributeOf(page, '[data-testid=waterfall-row]', 'data-type')).toEqual(opened.spans.map((s) => s.genAi?.stepType ?? 'other'));
    const critical = await attributeOf(page, '[data-testid=waterfall-row][data-critical=true]', 'data-span-id');
    expect(critical[0]).toBe(opened.spans[0].spanId);
    expect(critical).toContain(opened.caller.spanId);
    // Who it ran for: the session and user the demo's spans name, each a link.
    const context = page.locator('[data-testid=trace-context]');
    expect(opened.summary.sessionId, 'demo turns belong to conversations').toBeTruthy();
    expect(await context.locator(`a[href="/sessions/${encodeURIComponent(opened.summary.sessionId!)}"]`).count()).toBe(1);
    if (opened.summary.userId) expect(await context.innerText()).toContain(`user ${opened.summary.userId}`);
    // Every type on screen is in the legend (the demo's root is a workflow: step type "chain").
    const legend = await page.innerText('.wf-legend');
    for (const label of ['LLM', 'Tool', 'Agent', 'Workflow']) expect(legend).toContain(label);

    await page.click(`[data-span-id="${opened.caller.spanId}"]`);
    const panel = page.locator('[data-testid=span-panel]');
    await panel.waitFor();
    await page.waitForURL(new RegExp(`span=${opened.caller.spanId}`));
    const span = opened.spans.find((s) => s.spanId === opened.caller.spanId)!;
    const g = span.genAi!;
    const text = await panel.innerText();
    expect(text).toContain(g.requestModel!);
    expect(text).toMatch(new RegExp(`Input tokens\\s*${formatInt(g.inputTokens)}`));
    expect(text).toMatch(new RegExp(`Output tokens\\s*${formatInt(g.outputTokens)}`));
    expect(text).toContain(formatCost(g.costUsd));
    for (const message of inputTexts(span)) expect(text).toContain(message.split('\n')[0]);
    const roles = await panel.locator('[data-testid=chat-message] .bubble-role').allTextContents();
    expect(roles[0]).toMatch(/^system/);
    expect(roles).toContain('user');
    const call = opened.caller.requestedToolCalls[0];
    await expect.poll(() => panel.locator('[data-testid=tool-call] pre').first().innerText()).toBe(prettyValue(call.arguments));
    expect(await panel.locator('[data-testid=tool-call] .part-label').first().innerText()).toContain(call.name);
    await shot('trace', 1500);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(background).not.toBe(light);
    await shot('trace-dark', 1500);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('steps through the agent steps with buttons and keys', async () => {
    const { steps, caller, tool } = opened;
    await page.click('[data-testid=tab-steps]');
    await page.waitForURL(/\/steps/);
    await waitCount(page, '[data-testid=step-item]', steps.length);
    await waitText(page, '[data-testid=step-position]', `Step 1 of ${steps.length}`);
    await page.click('[data-testid=step-next]');
    await waitText(page, '[data-testid=step-position]', `Step 2 of ${steps.length}`);
    await page.keyboard.press('j');
    await waitText(page, '[data-testid=step-position]', `Step 3 of ${steps.length}`);
    await page.keyboard.press('k');
    await waitText(page, '[data-testid=step-position]', `Step 2 of ${steps.length}`);

    await page.click(`[data-testid=step-item] >> nth=${tool.index}`);
    await waitText(page, '[data-testid=step-position]', `Step ${tool.index + 1} of ${steps.length}`);
    const toolDetail = await page.innerText('[data-testid=step-detail]');
    expect(toolDetail).toContain(tool.toolName!);
    expect(toolDetail).toContain(prettyValue(tool.toolArguments));
    expect(toolDetail).toContain(prettyValue(tool.toolResult));

    await page.click(`[data-testid=step-item] >> nth=${steps.length - 1}`);
    await waitText(page, '[data-testid=step-position]', `Step ${steps.length} of ${steps.length}`);
    const sum = (k: 'inputTokens' | 'outputTokens') => steps.reduce((n, s) => n + (s[k] ?? 0), 0);
    expect(await page.innerText('[data-testid=running-totals]')).toContain(`${formatInt(sum('inputTokens'))} / ${formatInt(sum('outputTokens'))}`);

    // Graph: every LLM step, the tool it asked for, an arrow to the tool and one back to the LLM that read the result.
    const llmSteps = steps.filter((s) => s.type === 'llm').length;
    const calls = opened.edges.filter((e) => e.kind === 'tool_call').length;
    expect(await page.locator('[data-testid=tool-graph] .node').count()).toBe(llmSteps + calls);
    expect(await page.locator('[data-testid=tool-graph] .edge').count()).toBe(2 * calls);

    await page.click(`[data-testid=step-item] >> nth=${caller.index}`);
    await waitText(page, '[data-testid=step-position]', `Step ${caller.index + 1} of ${steps.length}`);
    const requested = page.locator('[data-testid=step-detail] [data-testid=tool-call]');
    await expect.poll(() => requested.first().innerText()).toContain(caller.requestedToolCalls[0].name);
    expect(await requested.first().locator('pre').innerText()).toBe(prettyValue(caller.requestedToolCalls[0].arguments));
    await shot('steps', 1100);
  });

  it('draws the dashboard charts from the rollups', async () => {
    const costs = await stack.get<CostsResponse>('/api/v1/costs?groupBy=model');
    await page.goto(`${stack.base}/dashboard`);
    for (const id of CHARTS) {
      const canvas = page.locator(`[data-testid=${id}] canvas`);
      await canvas.waitFor();
      const box = (await canvas.boundingBox())!;
      expect(box.width).toBeGreaterThan(200);
      expect(box.height).toBeGreaterThan(100);
      expect(await seriesPixels(page, id), `${id} drew its series`).toBeGreaterThan(40);
    }
    const legend = await page.innerText('[data-testid=chart-cost] .u-legend');
    for (const model of ['gpt-4o', FILTER_MODEL, 'claude-3-5-haiku-20241022']) expect(legend).toContain(model);
    // A model keeps its colour from chart to chart, though each metric orders its series differently.
    const [costColors, callColors] = await Promise.all(['chart-cost', 'chart-calls'].map((id) => legendColors(page, id)));
    expect(Object.keys(costColors).length).toBeGreaterThanOrEqual(5);
    for (const [model, colour] of Object.entries(costColors)) expect({ model, colour }).toEqual({ model, colour: callColors[model] });
    expect(await page.innerText('[data-testid=totals]')).toContain(formatCost(costs.total.costUsd));
    const topModels = await page.innerText('[data-testid=top-groups]');
    for (const row of costs.rows.filter((r) => r.key)) expect(topModels).toContain(row.key);
    // The demo tags its turns: their cost by tag, a trace under each of its tags.
    const byTag = await stack.get<CostsResponse>('/api/v1/costs?groupBy=tag');
    const topTag = [...byTag.rows].sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0))[0];
    expect(topTag.key).toBe('support');
    const topTags = await page.locator('[data-testid=top-tags] tbody tr').first().innerText();
    expect(topTags).toContain('support');
    expect(topTags).toContain(formatCost(topTag.costUsd));
    const topTrace = [...expected.traces].sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0))[0];
    expect(await page.locator('[data-testid=top-traces] tbody tr').first().innerText()).toContain(formatCost(topTrace.costUsd));
    await shot('dashboard', 1300);
  });

  it('compares the tool-calling LLM spans of two agent turns on different models', async () => {
    const a = opened;
    const model = (t: TraceWithSteps) => t.caller.model;
    const b = expected.agentTurns.find((t) => model(t) !== model(a))!;
    expect(b, 'an agent turn on another model').toBeDefined();
    await page.goto(`${stack.base}/traces/${a.summary.traceId}?span=${a.caller.spanId}`);
    await page.click('[data-testid=compare-button]');
    await page.goto(`${stack.base}/traces/${b.summary.traceId}?span=${b.caller.spanId}`);
    await page.click('[data-testid=compare-button]');
    await page.waitForURL(/\/compare\?a=/);
    await page.locator('[data-testid=comparison]').waitFor();
    const facts = page.locator('[data-testid=compare-facts]');
    const changed = await facts.locator('tr.changed').allInnerTexts();
    expect(changed.find((r) => r.includes(model(a)!) && r.includes(model(b)!)), 'the model row differs').toBeDefined();
    const bQuestion = inputTexts(b.spans.find((s) => s.spanId === b.caller.spanId)!).at(-1)!;
    const inserted = (await page.locator('[data-testid=diff-input] .diff-line.insert').allInnerTexts()).join('\n');
    expect(inserted).toContain(bQuestion.split('\n')[0]);
    expect(await page.locator('[data-testid=diff-input] .diff-line.delete').count()).toBeGreaterThan(0);
    // Same agent, same system prompt: identical, though one provider sends it apart and the other as a message.
    expect(await page.innerText('[data-testid=diff-system]')).toContain('Identical');
    await page.click('[data-testid=diff-mode-words]');
    await page.locator('[data-testid=diff-input] ins').first().waitFor();
    await shot('compare', 1500);
  });

  it('replays a session as a chat thread linked to its traces', async () => {
    await page.goto(`${stack.base}/sessions`);
    await waitCount(page, '[data-testid=session-row]', expected.sessions.length);
    await shot('sessions');
    const session = expected.sessions.find((s) => s.sessionId === opened.summary.sessionId)!;
    await page.click(`text=${session.sessionId}`);
    await waitCount(page, '[data-testid=session-turn]', session.traceCount);
    const thread = await page.innerText('[data-testid=session-thread]');
    const question = inputTexts(opened.spans.find((s) => s.spanId === opened.caller.spanId)!).at(-1)!;
    expect(thread).toContain(question.split('\n')[0]);
    // The seeded demo's judge scored every turn: each shows its scores.
    expect(await page.locator('[data-testid=turn-scores]').count()).toBe(session.traceCount);
    expect(await page.locator('[data-testid=turn-scores]').first().innerText()).toMatch(/^Scores: relevance \d\.\d\d/);
    await shot('session');
    const links = await page.locator('[data-testid=turn-trace-link]').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(links).toContain(`/traces/${opened.summary.traceId}`);
  });

  it('lists log records, filters them by severity and text, and links a span-tied record to its span', async () => {
    const span = { traceId: opened.summary.traceId, spanId: opened.caller.spanId };
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const record = (offsetMs: number, severityNumber: number, severityText: string, body: unknown, extra: Record<string, unknown> = {}) => ({
      timeUnixNano: String(nowNs - BigInt(offsetMs) * 1_000_000n), severityNumber, severityText, body, ...extra,
    });
    const res = await fetch(`${stack.otlpHttp}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceLogs: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'support-agent' } }] },
          scopeLogs: [{
            logRecords: [
              record(3000, 9, 'INFO', { stringValue: 'ticket 4711 opened' }),
              record(2000, 9, 'INFO', { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'Where is my refund?' } }] } }, {
                eventName: 'gen_ai.user.message', traceId: span.traceId, spanId: span.spanId, attributes: [{ key: 'gen_ai.provider.name', value: { stringValue: 'openai' } }],
              }),
              record(1000, 17, 'ERROR', { stringValue: 'refund lookup failed: timeout after 30s' }, { attributes: [{ key: 'retry', value: { intValue: '3' } }] }),
            ],
          }],
        }],
      }),
    });
    expect(res.status).toBe(200);
    // The seeded demo's own log records (its judge's evaluation results) are another service's.
    await page.goto(`${stack.base}/logs?service=support-agent`);
    await waitCount(page, '[data-testid=log-row]', 3);
    expect(await page.locator('[data-testid=log-row]').first().innerText()).toContain('refund lookup failed');
    const link = page.locator('[data-testid=log-trace-link]');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe(`/traces/${span.traceId}?span=${span.spanId}`);
    // The volume chart over the same filters: one series per severity level.
    await page.locator('[data-testid=log-volume] canvas').waitFor();
    expect(await page.innerText('[data-testid=log-volume] .u-legend')).toMatch(/error[\s\S]*info/);
    await shot('logs');

    await page.selectOption('[data-testid=log-severity]', '17');
    await page.click('[data-testid=log-apply]');
    await waitCount(page, '[data-testid=log-row]', 1);
    await page.click('[data-testid=log-body]');
    expect(await page.innerText('[data-testid=log-attributes]')).toMatch(/retry\s+3/);

    await page.selectOption('[data-testid=log-severity]', '');
    await page.fill('[data-testid=log-q]', 'REFUND');
    await page.click('[data-testid=log-apply]');
    await waitCount(page, '[data-testid=log-row]', 2);
    await link.click();
    await page.waitForURL(`**/traces/${span.traceId}?span=${span.spanId}`);
  });

  it('draws the service map: the user, the agent service, agents, models and tools, with the same numbers as the API', async () => {
    const map = await stack.get<ServiceMapResponse>('/api/v1/service-map');
    await page.goto(`${stack.base}/map`);
    await waitCount(page, '[data-testid=map-edge-row]', map.edges.length);
    expect(await page.locator('[data-testid=map-node]').count()).toBe(map.nodes.length);
    expect(await page.locator('[data-testid=map-edge]').count()).toBe(map.edges.length);
    const kinds = new Set(map.nodes.map((n) => n.kind));
    for (const kind of ['user', 'service', 'agent', 'llm', 'tool'] as const) expect(kinds, kind).toContain(kind);
    // Every LLM call of the seeded traces arrives at a model node (its span's model; embedding calls too).
    const modelCalls = map.nodes.filter((n) => n.kind === 'llm').reduce((a, n) => a + n.calls, 0);
    expect(modelCalls).toBeGreaterThanOrEqual(expected.traces.reduce((a, t) => a + t.llmCallCount, 0));
    expect(modelCalls).toBeGreaterThan(0);
    const busiest = [...map.edges].sort((a, b) => b.calls - a.calls)[0];
    expect(await page.locator('[data-testid=map-edge-row]').first().innerText()).toContain(formatInt(busiest.calls));
    // The user starts every trace; its node sits in the first column.
    const user = map.nodes.find((n) => n.kind === 'user')!;
    expect(user.calls).toBe(expected.traces.length);
    const userBox = (await page.locator('[data-node-id="user:user"]').boundingBox())!;
    for (const n of await page.locator('[data-testid=map-node]').all()) expect((await n.boundingBox())!.x).toBeGreaterThanOrEqual(userBox.x);
    await shot('map', 1100);
    // A model node opens its traces.
    await page.click(`[data-node-id="llm:${FILTER_MODEL}"]`);
    await page.waitForURL(`**/traces?model=${FILTER_MODEL}`);
    await page.locator('[data-testid=trace-row]').first().waitFor();
  });

  it('lists the end users with their traffic and opens a user\'s traces and sessions', async () => {
    const { users } = await stack.get<UserListResponse>('/api/v1/users?limit=1000');
    expect(users.length).toBeGreaterThan(1);
    await page.goto(`${stack.base}/users`);
    await waitCount(page, '[data-testid=user-row]', users.length);
    const first = await page.locator('[data-testid=user-row]').first().innerText();
    expect(first).toContain(users[0].userId);
    expect(first).toContain(formatCost(users[0].costUsd));
    // Every trace with a user id is some user's: the traces add up.
    expect(users.reduce((n, u) => n + u.traceCount, 0)).toBe(expected.traces.filter((t) => t.userId).length);
    await shot('users');
    await page.locator('[data-testid=user-row]').first().locator('a').first().click();
    await page.waitForURL(`**/traces?userId=${encodeURIComponent(users[0].userId)}`);
    await waitCount(page, '[data-testid=trace-row]', Math.min(users[0].traceCount, 50));
  });

  it('lists prompts kept through the Langfuse prompt API, and shows a version with its diff from the one before', async () => {
    const create = (body: object) =>
      fetch(`${stack.base}/api/public/v2/prompts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => {
        expect(r.status).toBe(201);
      });
    await create({ name: 'support/agent-system', prompt: 'You are a concise support agent.\nAnswer in {{language}}.', labels: ['production'], tags: ['support'], config: { model: 'gpt-4o-mini' } });
    await create({ name: 'support/agent-system', prompt: 'You are a concise support agent.\nAnswer in {{language}}.\nCite the docs you used.', labels: ['staging'], commitMessage: 'cite sources' });
    await create({ name: 'triage', type: 'chat', prompt: [{ role: 'system', content: 'Triage {{product}} tickets.' }, { type: 'placeholder', name: 'history' }] });
    await page.goto(`${stack.base}/prompts`);
    await waitCount(page, '[data-testid=prompt-row]', 2);
    const rows = await page.locator('[data-testid=prompt-row]').allInnerTexts();
    expect(rows[0]).toMatch(/^support\/agent-system\ttext\t2\t/);
    for (const label of ['production', 'staging', 'latest']) expect(rows[0]).toContain(label);
    expect(rows[1]).toMatch(/triage\tchat\t1/);
    await page.locator('[data-testid=prompt-row] a').first().click();
    await page.waitForURL('**/prompts/support/agent-system');
    await waitText(page, '[data-testid=prompt-text]', 'Cite the docs you used.');
    expect(await page.locator('[data-testid=prompt-versions] li').allInnerTexts()).toEqual([
      expect.stringMatching(/v2.*staging.*latest.*cite sources/s),
      expect.stringMatching(/v1.*production/s),
    ]);
    await waitText(page, '[data-testid=prompt-diff]', '0 lines removed, 1 added');
    await shot('prompts');
    await page.locator('[data-testid=prompt-versions] a').nth(1).click();
    await waitText(page, '[data-testid=prompt-detail] h2', 'Version 1');
    expect(await page.locator('[data-testid=prompt-text]').innerText()).toBe('You are a concise support agent.\nAnswer in {{language}}.');

    // Deploy version 2 (production moves to it), then write version 3 from it in the form.
    await page.locator('[data-testid=prompt-versions] a').first().click();
    await waitText(page, '[data-testid=prompt-detail] h2', 'Version 2');
    await page.locator('[data-testid=prompt-promote]').click();
    await waitText(page, '[data-testid=prompt-detail] h2', 'production');
    const served = await (await fetch(`${stack.base}/api/public/v2/prompts/${encodeURIComponent('support/agent-system')}`)).json();
    expect(served).toMatchObject({ version: 2, labels: expect.arrayContaining(['production', 'staging']) });
    await page.locator('[data-testid=prompt-edit]').click();
    const form = page.locator('[data-testid=prompt-new-version]');
    await form.locator('textarea').fill('You are a concise support agent.\nAnswer in {{language}}.\nCite the docs you used.\nNever guess an order status.');
    await form.locator('input').nth(1).fill('no guessing');
    await form.locator('button[type=submit]').click();
    await page.waitForURL('**/prompts/support/agent-system?version=3');
    await waitText(page, '[data-testid=prompt-detail] h2', 'Version 3');
    await waitText(page, '[data-testid=prompt-diff]', '0 lines removed, 1 added');
    expect(await page.locator('[data-testid=prompt-versions] li').first().innerText()).toMatch(/v3.*latest.*no guessing/s);

    // A prompt started in the UI.
    await page.goto(`${stack.base}/prompts`);
    await page.locator('[data-testid=prompt-create]').click();
    const fresh = page.locator('[data-testid=prompt-new]');
    await fresh.locator('input').first().fill('onboarding/welcome');
    await fresh.locator('textarea').fill('Welcome, {{name}}!');
    await fresh.locator('input').nth(1).fill('production');
    await fresh.locator('button[type=submit]').click();
    await page.waitForURL('**/prompts/onboarding/welcome');
    await waitText(page, '[data-testid=prompt-text]', 'Welcome, {{name}}!');
    expect((await (await fetch(`${stack.base}/api/public/v2/prompts/${encodeURIComponent('onboarding/welcome')}`)).json()).labels).toEqual(['production', 'latest']);

    // A generation a Langfuse SDK made from version 2: its span links to the prompt, the prompt to its traces.
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const attr = (key: string, value: object) => ({ key, value });
    const sent = await fetch(`${stack.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{
          resource: { attributes: [attr('service.name', { stringValue: 'prompted-app' })] },
          scopeSpans: [{
            spans: [{
              traceId, spanId, name: 'chat gpt-4o-mini', kind: 3, startTimeUnixNano: String(nowNs - 800_000_000n), endTimeUnixNano: String(nowNs),
              attributes: [
                attr('gen_ai.operation.name', { stringValue: 'chat' }), attr('gen_ai.request.model', { stringValue: 'gpt-4o-mini' }),
                attr('langfuse.observation.prompt.name', { stringValue: 'support/agent-system' }), attr('langfuse.observation.prompt.version', { intValue: '2' }),
              ],
            }],
          }],
        }],
      }),
    });
    expect(sent.status).toBe(200);
    try {
      for (let i = 0; i < 100 && (await fetch(`${stack.base}/api/v1/traces/${traceId}`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
      await page.goto(`${stack.base}/traces/${traceId}?span=${spanId}`);
      await waitText(page, '[data-testid=span-prompt]', 'support/agent-system v2');
      await page.locator('[data-testid=span-prompt]').click();
      await page.waitForURL('**/prompts/support/agent-system?version=2');
      await waitText(page, '[data-testid=prompt-detail] h2', 'Version 2');
      // The call counts under version 2 in the prompt's usage.
      await waitMatch(page, '[data-testid=prompt-usage] tbody', /^v2\t1\t0\t/);
      await page.locator('[data-testid=prompt-traces]').click();
      await page.waitForURL('**/traces?attr.langfuse.observation.prompt.name=support%2Fagent-system');
      await waitRows(1);
      expect(await rowIds()).toEqual([traceId]);
    } finally {
      // The later tests count the seeded traces.
      expect((await fetch(`${stack.base}/api/v1/traces/${traceId}`, { method: 'DELETE' })).status).toBe(204);
    }
  });

  it('shows evaluation scores on the span they score and on the dashboard', async () => {
    const { traceId } = opened.summary;
    const spanId = opened.caller.spanId;
    const attr = (key: string, value: Record<string, unknown>) => ({ key, value });
    const res = await fetch(`${stack.otlpHttp}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceLogs: [{
          resource: { attributes: [attr('service.name', { stringValue: 'llm-judge' })] },
          scopeLogs: [{
            logRecords: [{
              timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), traceId, spanId, eventName: 'gen_ai.evaluation.result',
              attributes: [
                attr('gen_ai.evaluation.name', { stringValue: 'relevance' }), attr('gen_ai.evaluation.score.value', { doubleValue: 0.85 }),
                attr('gen_ai.evaluation.score.label', { stringValue: 'relevant' }), attr('gen_ai.evaluation.explanation', { stringValue: 'asks for the right tool' }),
              ],
            }],
          }],
        }],
      }),
    });
    expect(res.status).toBe(200);
    await page.goto(`${stack.base}/traces/${traceId}?span=${spanId}`);
    await page.locator('[data-testid=span-evaluations]').waitFor();
    expect(await page.innerText('[data-testid=span-evaluations]')).toMatch(/relevance\s+0\.85\s+relevant\s+asks for the right tool/);
    // The dashboard sums up every evaluation of the range (the seeded demo's judge scores each answer too).
    const summary = (await (await fetch(`${stack.base}/api/v1/evaluations`)).json()) as { rows: { name: string; count: number; avgScore: number | null }[] };
    const relevance = summary.rows.find((r) => r.name === 'relevance')!;
    expect(relevance.count).toBeGreaterThan(1);
    await page.goto(`${stack.base}/dashboard`);
    await page.locator('[data-testid=evaluations-table]').waitFor();
    const table = await page.innerText('[data-testid=evaluations-table]');
    expect(table).toContain(`relevance\t${relevance.count}\t${relevance.avgScore!.toFixed(2)}`);
    expect(table).toMatch(/user_feedback\t\d+\t—\tthumbs_/);
    // The average score over time: one series per scored evaluation (user feedback has labels only).
    await page.locator('[data-testid=chart-evaluations] canvas').waitFor();
    expect(await page.innerText('[data-testid=chart-evaluations] .u-legend')).toContain('relevance');
    // From the table to the traces scored low on it: the trace scored 0.85 above is not among them.
    await page.click('[data-testid=evaluation-link] >> text=relevance');
    await page.waitForURL('**/traces?evaluation=relevance&maxScore=0.5');
    await page.locator('[data-testid=trace-row]').first().waitFor();
    const low = (await (await fetch(`${stack.base}/api/v1/traces?evaluation=relevance&maxScore=0.5&limit=1000`)).json()) as { traces: { traceId: string }[] };
    expect(await page.locator('[data-testid=trace-row]').count()).toBe(Math.min(low.traces.length, 50));
    // The scored trace's row shows its scores (the demo's judge scored its root too: the average of both).
    const high = (await (await fetch(`${stack.base}/api/v1/traces?evaluation=relevance&minScore=0.8&limit=1000`)).json()) as { traces: { traceId: string; scores: { name: string; avgScore: number | null }[] }[] };
    const scored = high.traces.find((t) => t.traceId === traceId)!;
    const relevanceAvg = scored.scores.find((x) => x.name === 'relevance')!.avgScore!;
    await page.goto(`${stack.base}/traces?evaluation=relevance&minScore=0.8`);
    await page.locator(`[data-trace-id="${traceId}"]`).waitFor();
    expect(await page.innerText(`[data-trace-id="${traceId}"] [data-testid=trace-scores]`)).toContain(`relevance ${relevanceAvg.toFixed(2)}`);
  });

  it('lets a person score a span from its panel: thumbs in one click, or a score and label, with a comment', async () => {
    const { traceId } = opened.summary;
    const spanId = opened.caller.spanId;
    await page.goto(`${stack.base}/traces/${traceId}?span=${spanId}`);
    const form = page.locator('[data-testid=score-form]');
    await form.waitFor();
    await form.locator('textarea').fill('picked the wrong tool');
    await form.locator('label:has-text("By") input').fill('ana');
    await page.click('[data-testid=score-down]');
    await waitMatch(page, '[data-testid=span-evaluations]', /human_review\s+0\s+thumbs_down\s+picked the wrong tool\s+ana/);
    // The reviewer's name is remembered in the browser for the next score.
    expect(await form.locator('label:has-text("By") input').inputValue()).toBe('ana');
    // A score of one's own; without a score or label the form says what is missing.
    await form.locator('button[type=submit]').click();
    await waitMatch(page, '[data-testid=score-form] [role=alert]', /Give a score, a label or both/);
    await form.locator('label:has-text("Score") input').fill('0.7');
    await form.locator('label:has-text("Label") input').fill('acceptable');
    await form.locator('button[type=submit]').click();
    await waitMatch(page, '[data-testid=span-evaluations]', /human_review\s+0\.7\s+acceptable/);
    const summary = (await (await fetch(`${stack.base}/api/v1/evaluations?name=human_review`)).json()) as { rows: { count: number; avgScore: number }[] };
    expect(summary.rows).toEqual([expect.objectContaining({ count: 2, avgScore: 0.35 })]);
    // Withdrawn by mistake-proof two clicks: the thumbs down goes, the other score stays.
    const evaluations = page.locator('[data-testid=span-evaluations]');
    await evaluations.locator('tr:has-text("thumbs_down") [data-testid=withdraw]').click();
    await evaluations.locator('[data-testid=withdraw-yes]').click();
    await waitMatch(page, '[data-testid=span-evaluations]', /^(?![\s\S]*thumbs_down)[\s\S]*acceptable/);
    const after = (await (await fetch(`${stack.base}/api/v1/evaluations?name=human_review`)).json()) as { rows: { count: number; avgScore: number }[] };
    expect(after.rows).toEqual([expect.objectContaining({ count: 1, avgScore: 0.7 })]);
  });

  it('compares two experiment runs of a dataset made through the Langfuse API, item by item', async () => {
    const dataset = await seedDataset(stack.base, expected.traces, expected.details);
    const [v1, v2] = dataset.runs;
    await page.goto(`${stack.base}/datasets`);
    await page.locator('[data-testid=dataset-row]').first().waitFor();
    expect(await page.locator('[data-testid=dataset-row]').first().innerText()).toMatch(new RegExp(`^${dataset.name}\\t.*\\t3\\t2\\t`));
    await page.click(`[data-testid=dataset-row] a >> text=${dataset.name}`);
    await waitCount(page, '[data-testid=run-row]', 2);
    expect(await page.locator('[data-testid=dataset-item]').count()).toBe(3);
    await page.check(`[aria-label="Pick run ${v1}"]`);
    await page.check(`[aria-label="Pick run ${v2}"]`);
    await page.click('[data-testid=compare-runs]');
    await page.waitForURL('**/datasets/support-regressions/compare?run=*');
    await waitCount(page, '[data-testid=compare-item]', 3);
    // What the API says each run made of each item is what the cells show, scores (the demo's judge's) included.
    const compared = await stack.get<DatasetCompareDto>(`/api/v1/datasets/${dataset.name}/compare?run=${encodeURIComponent(v1)}&run=${encodeURIComponent(v2)}`);
    expect(compared.runs.map((r) => r.items)).toEqual([3, 3]);
    for (const row of compared.items) {
      for (const run of [v1, v2]) {
        const result = row.results[run]!;
        const cell = page.locator(`[data-testid=compare-item][data-item-id="${row.itemId}"] [data-testid=run-result][data-run="${run}"]`);
        const firstLine = valueText(result.output).split('\n')[0] || '—';
        expect(await cell.locator('[data-testid=run-output]').innerText()).toContain(firstLine.slice(0, 40));
        expect(result.output).not.toBeNull();
        expect(await cell.locator('[data-testid=run-trace]').getAttribute('href')).toBe(`/traces/${result.traceId}?span=${result.observationId}`);
        expect(result.scores.map((s) => s.name)).toContain('relevance');
        expect(await cell.locator('[data-testid=score-chips]').innerText()).toContain('relevance');
      }
    }
    expect(await page.locator('[data-testid=run-summary] th', { hasText: 'relevance' }).count()).toBe(1);
    await page.mouse.move(0, 0);
    await shot('datasets');
  });

  it('lists the online evaluators defined through the API, their judge callable at the connection the operator named', async () => {
    const define = async (body: object) => {
      const res = await fetch(`${stack.base}/api/v1/evaluators`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, await res.text()).toBe(201);
    };
    const judge = { baseUrl: JUDGE.url, model: 'llama3.1:8b', apiKeyEnv: '' };
    // Production spans only: the seeded demo's environment is "demo", so the worker never calls the judge.
    const filters = { environment: 'production' };
    await define({ name: 'helpfulness', target: 'llm', filters, samplingRate: 0.25, judge, promptTemplate: 'How well does the answer help?\nQuestion: {{input}}\nAnswer: {{output}}\nScore from 0 to 1.', output: { type: 'numeric' } });
    await define({ name: 'resolution', enabled: false, target: 'trace', filters, samplingRate: 0.1, judge, promptTemplate: 'Did {{output}} resolve {{input}}?', output: { type: 'categorical', labels: ['resolved', 'unresolved'] } });
    await page.goto(`${stack.base}/evaluators`);
    await waitCount(page, '[data-testid=evaluator-row]', 2);
    const rows = await page.locator('[data-testid=evaluator-row]').allInnerTexts();
    expect(rows[0]).toMatch(/^helpfulness\tmodel calls\tllama3\.1:8b\t25%\tyes\t0\t/);
    expect(rows[1]).toMatch(/^resolution\ttraces\tllama3\.1:8b\t10%\tno\t0\t/);
    expect(await page.innerText('[data-testid=evaluators-table]')).not.toContain('not callable here');
    await page.locator('[data-testid=evaluator-edit]').first().click();
    expect(await page.inputValue('[data-testid=evaluator-form] [data-testid=evaluator-baseUrl]')).toBe(JUDGE.url);
    expect(await page.inputValue('[data-testid=evaluator-form] [data-testid=evaluator-environment]')).toBe('production');
    await page.mouse.move(0, 0);
    await shot('evaluators');
  });

  it('scores a span through score configs made through the API (which checks each score), and lists them on the Evaluators page', async () => {
    const send = (method: string, path: string, body: object) => fetch(`${stack.base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const make = async (body: object) => {
      const res = await send('POST', '/api/v1/score-configs', body);
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    };
    const accuracy = await make({ name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 1, description: 'Facts right, from 0 to 1' });
    const tone = await make({ name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }, { label: 'neutral', value: 0 }, { label: 'rude', value: -1 }], description: 'How the answer sounds' });
    await make({ name: 'resolved', dataType: 'BOOLEAN', description: 'Did the turn answer the question?' });
    const retired = await make({ name: 'quality (v1)', dataType: 'NUMERIC', minValue: 1, maxValue: 10 });
    expect((await send('PATCH', `/api/v1/score-configs/${retired.id}`, { isArchived: true })).status).toBe(200);

    // The span scored earlier in this run: its Evaluations section is open.
    await page.goto(`${stack.base}/traces/${opened.summary.traceId}?span=${opened.caller.spanId}`);
    const form = page.locator('[data-testid=score-form]');
    const config = form.locator('[data-testid=score-config]');
    await config.locator(`option[value="${tone.id}"]`).waitFor({ state: 'attached' });
    expect(await config.locator('option').allTextContents()).toEqual(['free score', 'accuracy', 'resolved', 'tone']);
    await config.selectOption(tone.id);
    await form.locator('[data-testid=score-config-value]').selectOption('friendly');
    await form.locator('button[type=submit]').click();
    await waitMatch(page, '[data-testid=span-evaluations]', /tone\s+—\s+friendly/);
    const scores = (await stack.get<{ data: { value: number; stringValue: string; configId: string }[] }>(`/api/public/v2/scores?configId=${tone.id}`)).data;
    expect(scores).toEqual([expect.objectContaining({ value: 1, stringValue: 'friendly', configId: tone.id })]);
    // Past the config's bounds: the query service's refusal, as it says it.
    await config.selectOption(accuracy.id);
    await form.locator('[data-testid=score-config-value]').fill('1.5');
    await form.locator('button[type=submit]').click();
    await waitText(page, '[data-testid=score-form] [role=alert]', 'field score: 1.5 is above the maximum 1 of score config "accuracy"');

    await page.goto(`${stack.base}/evaluators`);
    await waitCount(page, '[data-testid=score-config-row]', 4);
    expect(await page.locator('[data-testid=score-config-row]').allInnerTexts()).toEqual([
      'accuracy\tnumeric\t0 – 1\tFacts right, from 0 to 1\tlive\tArchive',
      'quality (v1)\tnumeric\t1 – 10\t\tarchived\tRestore',
      'resolved\tboolean\tTrue = 1, False = 0\tDid the turn answer the question?\tlive\tArchive',
      'tone\tcategorical\tfriendly = 1, neutral = 0, rude = -1\tHow the answer sounds\tlive\tArchive',
    ]);
    // The new-config form as a categorical config is typed into it.
    await page.click('[data-testid=score-config-create]');
    await page.fill('[data-testid=score-config-name]', 'helpfulness');
    await page.selectOption('[data-testid=score-config-dataType]', 'CATEGORICAL');
    await page.fill('[data-testid=score-config-categories]', 'helpful = 1, partly = 0.5, unhelpful = 0');
    await page.locator('[data-testid=score-configs]').scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await shot('score-configs');
  });

  it("walks an annotation queue: a trace added from its page, scored through the queue's config, completed, the next one shown", async () => {
    const post = async <T,>(path: string, body: object) => {
      const res = await fetch(`${stack.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, path).toBe(201);
      return (await res.json()) as T;
    };
    const { configs } = await stack.get<{ configs: { id: string; name: string }[] }>('/api/v1/score-configs');
    const tone = configs.find((c) => c.name === 'tone')!;
    const queue = await post<{ id: string }>('/api/v1/annotation-queues', { name: 'support answers', description: 'How each answer sounds', scoreConfigIds: [tone.id] });
    await page.goto(`${stack.base}/traces/${opened.summary.traceId}`);
    await page.click('[data-testid=add-to-queue]');
    await page.locator('[data-testid=add-to-queue-pick] option').first().waitFor({ state: 'attached' });
    await page.click('[data-testid=add-to-queue-submit]');
    await waitText(page, '[data-testid=add-to-queue-done]', 'Added to support answers.');
    const other = stack.seeded.traceIds.find((id) => id !== opened.summary.traceId)!;
    await post(`/api/v1/annotation-queues/${queue.id}/items`, { objectType: 'TRACE', objectId: other });

    await page.goto(`${stack.base}/annotate/${queue.id}`);
    await waitText(page, '[data-testid=queue-progress]', '2 pending · 0 completed');
    expect(await page.getAttribute('[data-testid=queue-item]', 'data-object-id')).toBe(opened.summary.traceId);
    await page.locator('[data-testid=queue-item-preview]').waitFor();
    const value = page.locator('[data-testid=queue-item] [data-testid=score-config-value]');
    await value.selectOption('neutral');
    await page.mouse.move(0, 0);
    await shot('annotate');
    await page.click('[data-testid=queue-item] [data-testid=score-form] button[type=submit]');
    await waitText(page, '[data-testid=queue-item] [data-testid=score-form] [role=status]', 'Saved tone: neutral.');
    await page.click('[data-testid=queue-complete]');
    await waitText(page, '[data-testid=queue-progress]', '1 pending · 1 completed');
    expect(await page.getAttribute('[data-testid=queue-item]', 'data-object-id')).toBe(other);
    const scores = (await stack.get<{ data: { traceId: string; stringValue: string }[] }>(`/api/public/v2/scores?configId=${tone.id}`)).data;
    expect(scores).toContainEqual(expect.objectContaining({ traceId: opened.summary.traceId, stringValue: 'neutral' }));
  });

  it("opens a seeded trace's LLM call in the playground, prefilled, on the operator's connection", async () => {
    const span = opened.spans.find((s) => s.spanId === opened.caller.spanId)!;
    const draft = draftFromSpan({ ...span, genAi: span.genAi! });
    await page.goto(`${stack.base}/traces/${span.traceId}?span=${span.spanId}`);
    await page.click('[data-testid=open-in-playground]');
    await page.waitForURL('**/playground');
    await page.locator(`[data-testid=playground-connection] option[value=${JUDGE.name}]`).waitFor({ state: 'attached' });
    expect(await page.inputValue('[data-testid=playground-connection]')).toBe(JUDGE.name);
    expect(await page.innerText('[data-testid=playground-connection]')).toContain(`${JUDGE.name} (${JUDGE.host}), no key`);
    expect(await page.inputValue('[data-testid=playground-model]')).toBe(draft.model);
    const roles = await page.locator('[data-testid=playground-role]').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(roles).toEqual(draft.messages.map((m) => m.role));
    expect(roles[0]).toBe('system');
    const contents = await page.locator('[data-testid=playground-content]').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    expect(contents).toEqual(draft.messages.map((m) => m.content));
    expect(contents.join('\n')).toContain(inputTexts(span).at(-1)!.split('\n')[0]);
    expect(await page.locator('[data-testid=playground-source] a').getAttribute('href')).toBe(`/traces/${span.traceId}?span=${span.spanId}`);
    await shot('playground', 1000);
  });

  it("lists a model price made through the API above the built-in catalog's, prices per 1M tokens, and filters the catalog", async () => {
    const body = { modelName: 'support-ft-v2', matchPattern: '(?i)^(support-ft-v2)$', startDate: '2025-06-01T00:00:00Z', unit: 'TOKENS', prices: { input: 8e-7, output: 0.0000032, input_cache_read: 2e-7 } };
    const res = await fetch(`${stack.base}/api/v1/model-prices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.text()).toBe(201);
    const catalog = (await stack.get<ModelPriceListDto>('/api/v1/model-prices')).models.filter((m) => m.builtIn);
    expect(catalog.length).toBeGreaterThan(100);
    await page.goto(`${stack.base}/models`);
    await waitCount(page, '[data-testid=model-row]', 1);
    expect(await page.innerText('[data-testid=model-row]')).toMatch(/^support-ft-v2\t\(\?i\)\^\(support-ft-v2\)\$\t2025-06-01\t\$0\.80\t\$3\.20\t\$0\.20\t—\t—\t/);
    await waitCount(page, '[data-testid=catalog-row]', catalog.length);
    await page.fill('[data-testid=catalog-filter]', 'claude-3-5');
    await waitCount(page, '[data-testid=catalog-row]', catalog.filter((m) => [m.modelName, m.matchPattern].some((s) => /claude-3-5/i.test(s))).length);
    expect(new Set(await page.locator('[data-testid=catalog-row] td:first-child').allInnerTexts())).toEqual(new Set(['anthropic', 'google']));
    await shot('models');
  });

  // Last: it removes a seeded trace.
  it('erases a trace from its page after a confirming second click, and goes back to a list without it', async () => {
    const traceId = stack.seeded.traceIds.find((id) => id !== opened.summary.traceId)!;
    await page.goto(`${stack.base}/traces/${traceId}`);
    await page.locator('[data-testid=erase-trace]').click();
    await waitMatch(page, '.erase-confirm', /go for good/);
    await page.locator('[data-testid=erase-trace-yes]').click();
    await page.waitForURL(`${stack.base}/traces`);
    await waitRows(stack.seeded.traceIds.length - 1);
    expect(await rowIds()).not.toContain(traceId);
    expect((await fetch(`${stack.base}/api/v1/traces/${traceId}`)).status).toBe(404);
  });

  it("forgets a user from the Users page: their row goes, and so do their traces", async () => {
    await page.goto(`${stack.base}/users`);
    const first = page.locator('[data-testid=user-row]').first();
    await first.waitFor();
    const rowsBefore = await page.locator('[data-testid=user-row]').count();
    const userId = (await first.locator('td').first().innerText()).trim();
    const theirTraces = ((await (await fetch(`${stack.base}/api/v1/traces?userId=${encodeURIComponent(userId)}`)).json()) as { traces: { traceId: string }[] }).traces;
    expect(theirTraces.length).toBeGreaterThan(0);
    await first.locator('[data-testid=forget-user]').click();
    await first.locator('[data-testid=forget-user-yes]').click();
    await waitCount(page, '[data-testid=user-row]', rowsBefore - 1);
    expect(await page.locator('[data-testid=user-row] td:first-child').allInnerTexts()).not.toContain(userId);
    expect((await fetch(`${stack.base}/api/v1/traces/${theirTraces[0].traceId}`)).status).toBe(404);
  });

  it('deletes a conversation from its session page, and goes back to a list without it', async () => {
    await page.goto(`${stack.base}/sessions`);
    const rows = page.locator('[data-testid=session-row]');
    await rows.first().waitFor();
    const before = await rows.count();
    const sessionId = (await rows.first().locator('td').first().innerText()).trim();
    await page.goto(`${stack.base}/sessions/${encodeURIComponent(sessionId)}`);
    await page.locator('[data-testid=erase-session]').click();
    await waitMatch(page, '.erase-confirm', /go for good/);
    await page.locator('[data-testid=erase-session-yes]').click();
    await page.waitForURL(`${stack.base}/sessions`);
    await waitCount(page, '[data-testid=session-row]', before - 1);
    expect((await fetch(`${stack.base}/api/v1/sessions/${encodeURIComponent(sessionId)}`)).status).toBe(404);
  });
});

/** Legend label → marker colour of one chart. */
function legendColors(page: Page, testid: string): Promise<Record<string, string>> {
  return page.evaluate((id) => {
    const entries = [...document.querySelectorAll(`[data-testid=${id}] .u-legend .u-series`)].slice(1);
    return Object.fromEntries(entries.map((e) => [e.querySelector('.u-label')!.textContent, getComputedStyle(e.querySelector('.u-marker')!).borderColor]));
  }, testid);
}

/** Canvas pixels painted in a series colour: the lines drew, not just the axes and grid. */
function seriesPixels(page: Page, testid: string): Promise<number> {
  const rgb = PALETTE.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  return page.evaluate(
    ([id, colours]) => {
      const canvas = document.querySelector(`[data-testid=${id}] canvas`) as HTMLCanvasElement;
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3] < 200) continue;
        if (colours.some(([r, g, b]) => Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 30)) n++;
      }
      return n;
    },
    [testid, rgb] as const,
  );
}
