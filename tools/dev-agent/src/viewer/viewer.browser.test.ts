import { copyFileSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent } from '../index.js';
import { putV04, wireSpan } from '../test-support.js';
import {
  billingTrace, CHROMIUM_PATH, HAS_CHROMIUM, knownTrace, attributes, launchChromium, openPage, README_SCREENSHOT, screenshot, waitForCount,
} from './browser.test-support.js';
import { sendSampleTraces } from './sample-traces.js';

const title = HAS_CHROMIUM
  ? 'trace viewer in Chromium'
  : `trace viewer in Chromium — SKIPPED: no Chromium at ${CHROMIUM_PATH} (run tools/dev-agent/scripts/ensure-chromium.sh or set CHROMIUM_PATH)`;
if (!HAS_CHROMIUM) console.warn(title);

describe.skipIf(!HAS_CHROMIUM)(title, () => {
  let browser: Browser;
  let agent: DevAgent;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [browser, agent] = await Promise.all([launchChromium(), startDevAgent()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), agent?.close()]);
  });
  beforeEach(async () => {
    agent.clear();
    ({ page, pageErrors } = await openPage(browser, agent.viewerUrl));
  });
  afterEach(async () => {
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  const row = (traceId: string) => page.locator(`.trace-row[data-trace-id="${traceId}"]`);
  const spanRow = (spanId: string) => page.locator(`.wf-row[data-span-id="${spanId}"]`);

  it('lists a trace sent after the page loaded, without a reload', async () => {
    await page.locator('.empty-title', { hasText: 'Waiting for traces' }).waitFor();
    await page.evaluate(() => Object.assign(globalThis, { loadedOnce: true }));
    await putV04(agent, [knownTrace()]);
    await row('0000000000000abc').waitFor();
    expect(await page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    const text = await row('0000000000000abc').innerText();
    for (const part of ['users-api', 'GET /users/:id', 'web.request', '4 spans', '1 error', '40 ms']) expect(text).toContain(part);
    await putV04(agent, [billingTrace()]);
    await waitForCount(page, '.trace-row', 2);
    expect(await attributes(page, '.trace-row', 'data-trace-id')).toEqual([
      '000000000000b111', '0000000000000abc',
    ]);
    await screenshot(page, 'viewer-list.png');
  });

  it('opens a trace as a waterfall with parent/child nesting', async () => {
    await putV04(agent, [knownTrace()]);
    await row('0000000000000abc').click();
    await waitForCount(page, '.wf-row', 4);
    expect(await page.locator('.wf-row .wf-name').allTextContents()).toEqual(['web.request', 'db.query', 'db.fetch', 'http.request']);
    expect(await attributes(page, '.wf-row', 'data-depth')).toEqual(['0', '1', '2', '1']);
    // Nesting is visible: each level's name starts further right.
    const indents = await Promise.all((await page.locator('.wf-row .wf-name').all()).map(async (name) => (await name.boundingBox())!.x));
    expect(indents[1]).toBeGreaterThan(indents[0]!);
    expect(indents[2]).toBeGreaterThan(indents[1]!);
    expect(indents[3]).toBe(indents[1]);
    expect(await spanRow('0000000000000004').getAttribute('class')).toContain('is-error');
    const rootBar = await spanRow('0000000000000001').locator('.wf-bar').boundingBox();
    const fetchBar = await spanRow('0000000000000003').locator('.wf-bar').boundingBox();
    expect(fetchBar!.x).toBeGreaterThan(rootBar!.x);
    expect(fetchBar!.width).toBeLessThan(rootBar!.width);
    expect(await page.locator('.trace-header h2').innerText()).toBe('GET /users/:id');
    await screenshot(page, 'viewer-waterfall.png');

    await spanRow('0000000000000002').locator('.wf-toggle').click();
    await waitForCount(page, '.wf-row', 3);
  });

  it('shows a span’s Datadog fields, meta, metrics and events', async () => {
    await putV04(agent, [knownTrace()]);
    await page.goto(`${agent.viewerUrl}#/trace/0000000000000abc`);
    await spanRow('0000000000000002').click();
    const details = page.locator('.span-details');
    await details.waitFor();
    const cell = (section: string, key: string) =>
      details.locator('.details-section', { has: page.locator('h4', { hasText: section }) }).locator('tr', { has: page.locator(`th:text-is("${key}")`) }).locator('td');
    expect(await cell('Datadog fields', 'service').innerText()).toBe('users-db');
    expect(await cell('Datadog fields', 'span_id').innerText()).toBe('0000000000000002 (2)');
    expect(await cell('Datadog fields', 'parent_id').innerText()).toBe('0000000000000001');
    expect(await cell('meta', 'db.system').innerText()).toBe('postgresql');
    expect(await cell('metrics', 'db.row_count').innerText()).toBe('1');
    const event = details.locator('.span-event');
    expect(await event.locator('strong').innerText()).toBe('cache.miss');
    expect(await event.locator('td').innerText()).toBe('users:1');
    expect(await spanRow('0000000000000002').getAttribute('aria-selected')).toBe('true');
    await details.locator('.icon-button').click();
    await page.locator('.details-panel .hint').waitFor();
  });

  it('filters by errors, service and operation/resource text', async () => {
    await putV04(agent, [knownTrace()]);
    await putV04(agent, [billingTrace()]);
    await waitForCount(page, '.trace-row', 2);
    await page.locator('#filter-errors').check();
    await waitForCount(page, '.trace-row', 1);
    expect(await row('0000000000000abc').count()).toBe(1);
    await page.locator('#filter-errors').uncheck();
    await page.locator('#filter-service').selectOption('billing');
    await waitForCount(page, '.trace-row', 1);
    expect(await row('000000000000b111').count()).toBe(1);
    await page.locator('#filter-service').selectOption('');
    await page.locator('#filter-text').fill('select * from users');
    await waitForCount(page, '.trace-row', 1);
    expect(await row('0000000000000abc').count()).toBe(1);
    expect(await page.locator('#list-count').innerText()).toBe('1 of 2 traces');
  });

  it('shows validation problems on the span and in the payload report', async () => {
    await putV04(agent, [[wireSpan({ trace_id: 0xbadn, span_id: 7n, meta: { 'http.status_code': 200 } })]]);
    await row('0000000000000bad').click();
    await spanRow('0000000000000007').locator('.pill-warning', { hasText: '!' }).waitFor();
    expect(await page.locator('.payload-report').innerText()).toContain('span.meta-type');
    await spanRow('0000000000000007').click();
    expect(await page.locator('.details-problems').innerText()).toContain('meta.http.status_code must be a string');
    await page.locator('#tab-payloads').click();
    await page.locator('.payload-card.is-error').waitFor();
    const card = await page.locator('.payload-card').innerText();
    for (const part of ['400', 'PUT /v0.4/traces', 'span.meta-type', '1 problem']) expect(card).toContain(part);
    expect(await page.locator('#payload-problem-count').innerText()).toBe('1');
    await screenshot(page, 'viewer-payloads.png');
  });

  it('renders untrusted span data as text', async () => {
    const markup = '<img src=x onerror="window.injected=1">';
    await putV04(agent, [[wireSpan({ trace_id: 0x666n, service: '<b>svc</b>', resource: markup, meta: { [markup]: markup } })]]);
    await row('0000000000000666').click();
    await spanRow('0000000000001234').click();
    await page.locator('.span-details').waitFor();
    expect(await page.locator('.trace-header h2').innerText()).toBe(markup);
    expect(await page.locator('.trace-row .row-service').innerText()).toBe('<b>svc</b>');
    expect(await page.locator('main img, main b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { injected?: number }).injected)).toBeUndefined();
  });

  it('downloads the JSON of a trace', async () => {
    await putV04(agent, [knownTrace()]);
    await row('0000000000000abc').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Download JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('trace-0000000000000abc.json');
    const body = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(body.spans.map((span: { name: string }) => span.name)).toEqual(['web.request', 'db.query', 'db.fetch', 'http.request']);
  });

  it('grows the open trace as more of its chunks arrive, and empties on Clear', async () => {
    const [first, ...rest] = knownTrace();
    await putV04(agent, [[first]]);
    await row('0000000000000abc').click();
    await waitForCount(page, '.wf-row', 1);
    await putV04(agent, [rest]);
    await waitForCount(page, '.wf-row', 4);
    expect(await page.locator('.payload-report .request-line').count()).toBe(2);
    await page.locator('#clear-store').click();
    await page.locator('.empty-title', { hasText: 'Waiting for traces' }).waitFor();
    await page.locator('.trace-pane', { hasText: 'is not stored' }).waitFor();
  });

  it('shows how many traces the bounded store dropped', async () => {
    const small = await startDevAgent({ maxTraces: 2 });
    try {
      await page.goto(small.viewerUrl);
      for (const id of [1n, 2n, 3n]) await putV04(small, [[wireSpan({ trace_id: id })]]);
      await waitForCount(page, '.trace-row', 2);
      await page.locator('#store-stats', { hasText: '1 dropped' }).waitFor();
    } finally {
      await small.close();
    }
  });

  it('takes the README screenshot from a realistic trace', async () => {
    const { checkoutTraceId } = await sendSampleTraces(agent);
    await waitForCount(page, '.trace-row', 5);
    await row(checkoutTraceId).click();
    await waitForCount(page, '.wf-row', 11);
    await spanRow('0000000000000061').click();
    await page.locator('.span-event', { hasText: 'exception' }).waitFor();
    const path = await screenshot(page, 'viewer-trace.png');
    // The committed copy changes only on request, so test runs leave the tree clean.
    if (process.env.UPDATE_README_SCREENSHOT === '1') copyFileSync(path, README_SCREENSHOT);
  });
});
