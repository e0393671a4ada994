import { resolve } from 'node:path';

import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DemoLogin } from '../../src/bootstrap/demo-seed.js';
import { launchBrowser, watchPage } from '../support/browser.js';
import { seriousViolations } from '../support/browser-helpers.js';
import { WITH_STAND_INS } from '../support/stand-in-features.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FRONTEND = resolve(import.meta.dirname, '../../frontend/dist/beradig/browser');

describe('demo portal in the browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    // The demo centre licenses every installed module; those still to come (video, …) are sold
    // already and installed as stand-ins, so its portal and price show the whole price list.
    t = await startTestApp({ env: { FRONTEND_DIST: FRONTEND, SEED_DEMO: 'true' }, features: WITH_STAND_INS });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the demo centre with its branding, in German, without third-party requests or CSP errors', async () => {
    const page = await (await browser.newContext()).newPage();
    const watch = watchPage(page, t.baseUrl);
    await page.goto(`${t.baseUrl}/musterstadt`);
    await expect.poll(() => page.locator('header .brand').textContent()).toContain('Beratungsstelle Musterstadt');
    expect(await page.locator('h1').textContent()).toContain('Willkommen bei der Online-Beratung');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.locator('.offers li').allTextContents()).toContain('Videoberatung');
    expect(await page.title()).toBe('Beratungsstelle Musterstadt – BeraDIG');

    await page.getByRole('link', { name: 'Impressum' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Impressum');
    expect(await page.locator('article').textContent()).toContain('Musterstraße 1');
    await page.getByRole('link', { name: 'Datenschutz' }).click();
    await expect.poll(() => page.locator('article').textContent()).toContain('Session Cookie');

    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('switches to English without reloading', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.baseUrl}/musterstadt`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Welcome to online counselling');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.close();
  });

  it('logs a counsellor in on the portal', async () => {
    const logins = JSON.parse(
      (await import('node:fs')).readFileSync(`${t.varDir}/demo-logins.json`, 'utf8'),
    ) as DemoLogin[];
    const counsellor = logins.find((l) => l.role === 'counsellor')!;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.baseUrl}/musterstadt`);
    await page.getByLabel('E-Mail-Adresse oder Benutzername').fill(counsellor.login);
    await page.getByLabel('Passwort', { exact: true }).fill(counsellor.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/musterstadt\/beratung$/);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Willkommen, Birgit Berger');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual(['beradig']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.close();
  });

  it('says so when a centre does not exist', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.baseUrl}/gibt-es-nicht`);
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('Diese Beratungsstelle gibt es nicht');
    await page.close();
  });

  it('lets the demo operator log in with the printed second factor and see the centres with tier and fee', async () => {
    const logins = JSON.parse((await import('node:fs')).readFileSync(`${t.varDir}/demo-logins.json`, 'utf8')) as DemoLogin[];
    const operator = logins.find((l) => l.role === 'operator')!;
    expect(operator.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    const page = await (await browser.newContext()).newPage();
    const watch = watchPage(page, t.baseUrl);
    await page.goto(`${t.baseUrl}/operator`);
    await page.waitForURL(/\/operator\/login$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('E-Mail-Adresse').fill(operator.login);
    await page.getByLabel('Passwort', { exact: true }).fill(operator.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByLabel('Code aus der Authenticator-App (oder ein Wiederherstellungscode)').fill(await generate({ secret: operator.totpSecret! }));
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/operator$/);
    const row = page.locator('tr', { hasText: 'Beratungsstelle Musterstadt' });
    await expect.poll(() => row.textContent()).toContain('Alle Module');
    expect(await row.textContent()).toContain('780,00');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical WCAG 2.1 AA violations on the portal', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.baseUrl}/musterstadt`);
    await page.locator('h1').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.close();
  });
});
