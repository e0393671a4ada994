import { resolve } from 'node:path';

import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { createCentre, type CentreFixture } from '../factories/centres.js';
import { launchBrowser, type PageWatch, watchPage } from './browser.js';
import { startTestApp, type TestApp } from './test-app.js';

/** Serious and critical WCAG 2.1 A/AA findings of axe-core on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A fresh browser context, logged in on a centre's portal with the login form. */
export async function portalLogin(
  browser: Browser,
  baseUrl: string,
  slug: string,
  login: string,
  password: string,
  viewport = { width: 1200, height: 900 },
): Promise<{ page: Page; watch: PageWatch }> {
  const page = await (await browser.newContext({ viewport, acceptDownloads: true })).newPage();
  const watch = watchPage(page, baseUrl);
  await page.goto(`${baseUrl}/${slug}`);
  await page.getByLabel('E-Mail-Adresse oder Benutzername').fill(login);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith(`/${slug}`));
  return { page, watch };
}

/** What a browser journey runs against: the app serving the built frontend, Chromium, a centre. */
export interface BrowserApp {
  t: TestApp;
  browser: Browser;
  centre: CentreFixture;
}

const FRONTEND = resolve(import.meta.dirname, '../../frontend/dist/beradig/browser');

/**
 * Starts the app, Chromium and a centre (the base package unless `modules` says otherwise)
 * before the tests of the describe block it is called in, and stops them after.
 */
export function useBrowserApp(options: { env?: Record<string, string>; modules?: string[]; browserArgs?: string[] } = {}): BrowserApp {
  const app = {} as BrowserApp;
  beforeAll(async () => {
    app.t = await startTestApp({ env: { FRONTEND_DIST: FRONTEND, ...options.env } });
    app.browser = await launchBrowser(options.browserArgs);
    app.centre = await createCentre(app.t, { modules: options.modules ?? ['mail', 'chat', 'documents'] });
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.t?.close();
  });
  return app;
}
