import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence } from '../support/audit.ts';
import { launchChromium, TEST_OUTPUT } from '../support/browser.ts';
import { CANARY, canaryCase } from '../support/canary.ts';
import { created } from '../support/requests.ts';
import { createTestApp, DEV_SECRET, type TestApp } from '../support/runtime.ts';

describe('the admin page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
    const handedOver = await created(t, 'abh-03101', '/v1/cases', canaryCase());
    caseId = handedOver.id;
    expect((await t.call('abh-03101', `/v1/cases/${caseId}`)).status).toBe(200);
    await sequence(t);
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    // A blocked script or style (CSP) or any script error shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in with the keyboard, searches a case, shows its entries and the verification result', async () => {
    await page.goto(`${t.base}/admin`);
    expect(await page.title()).toBe('Rückkehr-Exchange – Verwaltung');

    // Keyboard only: the client id is filled in, Tab to the secret, type it, Enter submits.
    await page.getByLabel('Client-ID', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEV_SECRET);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#who').textContent()).toBe('Angemeldet als admin');
    await expect.poll(() => page.locator('#status-table tbody tr').count()).toBe(2);
    expect(await page.locator('#status-table tbody').textContent()).toContain('Braunschweig');

    await page.getByLabel('Fall- oder Anfrage-ID').fill(caseId);
    await page.getByLabel('Fall- oder Anfrage-ID').press('Enter');
    await expect.poll(() => page.locator('#history-summary').textContent()).toMatch(/Verlauf von .*: \d+ Einträge/);
    const history = await page.locator('#history-table tbody').textContent();
    for (const action of ['cases.create', 'cases.route', 'work.send', 'cases.read']) expect(history).toContain(action);

    await page.getByRole('button', { name: 'Protokoll prüfen' }).click();
    await expect.poll(() => page.locator('#verify-result').textContent()).toMatch(/^Protokoll unversehrt: \d+ Einträge geprüft/);

    await page.getByLabel('Betreff-ID (Fall, Anfrage)').fill(caseId);
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect.poll(() => page.locator('#log-summary').textContent()).toMatch(/^\d+ Einträge angezeigt/);

    await page.screenshot({ path: join(TEST_OUTPUT, 'admin-page.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);

  it('downloads the export of today and redrives a centre’s dead-lettered work', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export herunterladen' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { subject?: { id: string } }).subject?.id)).toContain(caseId);
    await page.getByRole('button', { name: /Zurückgestellte Arbeit von Braunschweig/ }).click();
    await expect.poll(() => page.locator('#message').textContent()).toBe('Braunschweig: 0 Arbeitselement(e) erneut eingestellt.');
    expect(problems).toEqual([]);
  }, 60_000);

  it('keeps the token in memory only and shows no personal data', async () => {
    // A string, evaluated in the page: this project's TypeScript has no DOM types.
    const stored = await page.evaluate<string>(
      'JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie, location.href])',
    );
    expect(stored).not.toMatch(/eyJ/);
    const text = (await page.locator('body').textContent()) ?? '';
    for (const value of Object.values(CANARY)) expect(text).not.toContain(value);
  });

  it('is served with a Content-Security-Policy that allows no inline script and nothing from elsewhere', async () => {
    const response = await t.app.request('/admin');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|https?:\/\/(?!127\.0\.0\.1)/);
  });
});
