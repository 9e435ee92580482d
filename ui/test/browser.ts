// Shared browser plumbing of the e2e tests: Debian's Chromium driven by playwright-core, and small waits.
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Logs why the browser tests are skipped; returns whether they can run. */
export function chromiumAvailable(suite: string): boolean {
  if (!hasChromium) console.warn(`${suite} skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return hasChromium;
}

export async function launchChromium(): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(10_000);
  return { browser, page };
}

// Preact renders asynchronously after an event: wait for the DOM rather than reading it at once.
export const waitText = (page: Page, selector: string, text: string) =>
  page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent?.includes(t), [selector, text] as const);

/** Waits until the element's rendered text (innerText: table cells tab-separated) matches `pattern`. */
export const waitMatch = (page: Page, selector: string, pattern: RegExp) =>
  page.waitForFunction(([s, source, flags]) => new RegExp(source, flags).test((document.querySelector(s) as HTMLElement | null)?.innerText ?? ''), [selector, pattern.source, pattern.flags] as const);

export const waitCount = (page: Page, selector: string, n: number) =>
  page.waitForFunction(([s, c]) => document.querySelectorAll(s).length === c, [selector, n] as const);

/** Values of `attribute` on every element matching `selector`, in document order. */
export const attributeOf = (page: Page, selector: string, attribute: string) =>
  page.locator(selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attribute);

export interface FirstRender {
  /** Best of the runs: navigation start → first `selector` on screen, in ms. */
  bestMs: number;
  runsMs: number[];
  /** When the response of the first matching API request ended, in the best run. */
  apiMs: number | null;
}

/**
 * First render of `url`, measured on reloads so the browser's own cold start is not counted; the best of `runs`
 * keeps a busy machine's scheduling hiccups out of a number that is about the app.
 */
export async function measureFirstRender(page: Page, url: string, selector: string, apiPath: string, runs = 3): Promise<FirstRender> {
  await page.goto(url);
  await page.locator(selector).first().waitFor();
  const results: { ms: number; apiMs: number | null }[] = [];
  for (let i = 0; i < runs; i++) {
    await page.reload({ waitUntil: 'commit' });
    const shown = await page.waitForFunction((s) => document.querySelector(s) && performance.now(), selector, { polling: 'raf' });
    const ms = (await shown.jsonValue()) as number;
    const apiMs = await page.evaluate(
      (p) => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.includes(p))?.responseEnd ?? null,
      apiPath,
    );
    results.push({ ms, apiMs });
  }
  const best = results.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { bestMs: best.ms, runsMs: results.map((r) => Math.round(r.ms)), apiMs: best.apiMs };
}
