import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKey, readSettings } from '@watchllm/collector';
import { startWatchLLM, type RunningWatchLLM } from '@watchllm/query';
import { buildUi } from '../build.mjs';
import { chromiumAvailable, launchChromium } from './browser.js';

const run = chromiumAvailable('UI with API keys') ? describe : describe.skip;

run('UI on a WatchLLM that requires API keys', () => {
  let dir = '';
  let running: RunningWatchLLM;
  let base = '';
  let key = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'watchllm-ui-auth-'));
    const uiDir = await buildUi({ outdir: path.join(dir, 'ui') });
    const settings = readSettings({
      WATCHLLM_DATA_DIR: path.join(dir, 'data'),
      WATCHLLM_OTLP_HTTP_PORT: '0',
      WATCHLLM_OTLP_GRPC_PORT: '0',
      WATCHLLM_PORT: '0',
      WATCHLLM_AUTH: 'true',
    });
    running = await startWatchLLM(settings, 'all', uiDir);
    base = `http://127.0.0.1:${running.queryPort}`;
    key = (await createApiKey(running.store, 'team-a')).key;
  });
  afterAll(async () => {
    await running?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says how to sign in, then works once opened with ?apiKey=', async () => {
    const { browser, page } = await launchChromium();
    try {
      await page.goto(`${base}/traces`);
      await page.waitForFunction(() => document.body.innerText.includes('requires an API key'));
      await page.goto(`${base}/traces?apiKey=${encodeURIComponent(key)}`);
      await page.waitForSelector('[data-testid="empty-state"]');
      expect(page.url()).not.toContain('apiKey');
      // The key stays in this browser: a plain visit works too.
      await page.goto(`${base}/dashboard`);
      await page.waitForFunction(() => !document.body.innerText.includes('requires an API key'));
      expect(await page.evaluate(() => localStorage.getItem('watchllm.apiKey'))).toBe(key);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
