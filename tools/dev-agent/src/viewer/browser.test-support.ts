/**
 * Chromium for the trace viewer's browser tests: Debian's package driven by playwright-core (no
 * browser download). Test support only; not part of the package's API.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { wireSpan } from '../test-support.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts/', import.meta.url));
export const README_SCREENSHOT = fileURLToPath(new URL('../../docs/viewer.png', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A page that records what went wrong in it: script errors, console errors (CSP violations included). */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(url);
  return { page, pageErrors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}${name}`;
  await page.screenshot({ path });
  return path;
}

/** Waits until `selector` matches exactly `count` elements. */
export async function waitForCount(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(
    // Runs in the page; this package is type-checked without the DOM lib (and the page's CSP forbids string eval).
    ([css, expected]) => (globalThis as unknown as PageGlobals).document.querySelectorAll(css).length === expected,
    [selector, count] as const,
    { timeout: 5000 },
  );
}

interface PageGlobals {
  document: { querySelectorAll(selector: string): { length: number } };
}

/** An attribute of every element matching `selector`, in document order. */
export function attributes(page: Page, selector: string, name: string): Promise<Array<string | null>> {
  return page.locator(selector).evaluateAll((elements, attribute) => elements.map((element) => element.getAttribute(attribute)), name);
}

/**
 * The known trace of the browser tests: users-api `GET /users/:id` with a nested database call
 * (carrying a span event) and a failing outgoing call.
 *
 *   web.request           span 1
 *   ├─ db.query           span 2  (event cache.miss)
 *   │  └─ db.fetch        span 3
 *   └─ http.request       span 4  (error)
 */
export function knownTrace(traceId = 0xabcn): Record<string, unknown>[] {
  const start = BigInt(Date.now()) * 1_000_000n;
  const at = (ms: number): bigint => start + BigInt(ms * 1_000_000);
  return [
    wireSpan({ trace_id: traceId, span_id: 1n, start: at(0), duration: 40_000_000 }),
    wireSpan({
      trace_id: traceId, span_id: 2n, parent_id: 1n, name: 'db.query', service: 'users-db', type: 'sql', resource: 'SELECT * FROM users WHERE id = $1',
      start: at(2), duration: 12_000_000, meta: { 'span.kind': 'client', 'db.system': 'postgresql' }, metrics: { 'db.row_count': 1 },
      span_events: [{ name: 'cache.miss', time_unix_nano: at(3), attributes: { key: { type: 0, string_value: 'users:1' } } }],
    }),
    wireSpan({ trace_id: traceId, span_id: 3n, parent_id: 2n, name: 'db.fetch', service: 'users-db', resource: 'fetch rows', start: at(9), duration: 4_000_000 }),
    wireSpan({
      trace_id: traceId, span_id: 4n, parent_id: 1n, name: 'http.request', resource: 'GET', type: 'http', error: 1, start: at(16), duration: 20_000_000,
      meta: { 'span.kind': 'client', 'error.message': 'connect ECONNREFUSED' },
    }),
  ];
}

/** A second, error-free trace of another service. */
export function billingTrace(traceId = 0xb111n): Record<string, unknown>[] {
  return [wireSpan({ trace_id: traceId, span_id: 0xb1n, service: 'billing', resource: 'POST /invoices', start: BigInt(Date.now()) * 1_000_000n })];
}
