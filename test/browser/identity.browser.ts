import { resolve } from 'node:path';

import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { strongPassword } from '../factories/centres.js';
import { launchBrowser, type PageWatch, watchPage } from '../support/browser.js';
import { seriousViolations, useBrowserApp } from '../support/browser-helpers.js';
import { linkIn } from '../support/smtp-sink.js';
import { WITH_STAND_INS } from '../support/stand-in-features.js';
import { OPERATOR, startTestApp, type TestApp } from '../support/test-app.js';

const FRONTEND = resolve(import.meta.dirname, '../../frontend/dist/beradig/browser');

describe('identity journeys in the browser', () => {
  const app = useBrowserApp();

  async function open(path: string, viewport = { width: 1100, height: 900 }): Promise<{ page: Page; watch: PageWatch }> {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    const watch = watchPage(page, app.t.baseUrl);
    await page.goto(app.t.baseUrl + path);
    return { page, watch };
  }

  it('a client registers on a phone, confirms by the e-mail link, logs in and sees the start page', async () => {
    const { page, watch } = await open(`/${app.centre.slug}`, { width: 360, height: 780 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Noch kein Zugang? Jetzt registrieren' }).click();
    await page.waitForURL(/\/registrieren$/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    const password = strongPassword();
    await page.getByLabel('Benutzername (frei gewählt)').fill('Regenbogen');
    await page.getByLabel('E-Mail-Adresse').fill('regenbogen@example.org');
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByLabel('Passwort wiederholen').fill(password);
    await page.getByText('Datenschutzerklärung lesen').click();
    await expect.poll(() => page.locator('details.privacy').textContent()).toContain('Session Cookie');
    await page.getByLabel('Ich habe die Datenschutzerklärung gelesen und bin einverstanden.').check();
    await page.getByRole('button', { name: 'Registrieren' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Wir haben Ihnen eine E-Mail geschickt');

    const link = linkIn(await app.t.mail.waitFor('regenbogen@example.org'));
    await page.goto(app.t.baseUrl + link.pathname + link.search);
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Ihre E-Mail-Adresse ist bestätigt');
    await page.getByRole('link', { name: 'Zur Anmeldung' }).click();

    await page.getByLabel('E-Mail-Adresse oder Benutzername').fill('regenbogen');
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(new RegExp(`/${app.centre.slug}/start$`));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Willkommen, Regenbogen');
    expect(await seriousViolations(page)).toEqual([]);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual(['beradig']);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });

  it('the admin invites a counsellor who accepts and logs in', async () => {
    const { page } = await open(`/${app.centre.slug}`);
    await page.getByLabel('E-Mail-Adresse oder Benutzername').fill(app.centre.admin.email);
    await page.getByLabel('Passwort', { exact: true }).fill(app.centre.admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(new RegExp(`/${app.centre.slug}/verwaltung$`));
    await page.getByRole('tab', { name: 'Fachkräfte' }).click();
    await page.waitForURL(new RegExp(`/${app.centre.slug}/verwaltung\\?tab=staff$`));
    await page.getByLabel('Name', { exact: true }).fill('Karl Klein');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('k.klein@beratung.example');
    await page.getByRole('button', { name: 'Einladen' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('k.klein@beratung.example');
    expect(await page.locator('tr', { hasText: 'Karl Klein' }).textContent()).toContain('nicht aktiviert');
    expect(await seriousViolations(page)).toEqual([]);

    const link = linkIn(await app.t.mail.waitFor('k.klein@beratung.example'));
    const invited = await open(link.pathname + link.search);
    const password = strongPassword();
    await invited.page.getByLabel('Neues Passwort').fill(password);
    await invited.page.getByLabel('Passwort wiederholen').fill(password);
    await invited.page.getByRole('button', { name: 'Passwort festlegen' }).click();
    await expect.poll(() => invited.page.locator('[role=status]').textContent()).toContain('Ihr Zugang ist eingerichtet');
    await invited.page.getByRole('link', { name: 'Zur Anmeldung' }).click();
    await invited.page.getByLabel('E-Mail-Adresse oder Benutzername').fill('k.klein@beratung.example');
    await invited.page.getByLabel('Passwort', { exact: true }).fill(password);
    await invited.page.getByRole('button', { name: 'Anmelden' }).click();
    await invited.page.waitForURL(new RegExp(`/${app.centre.slug}/beratung$`));
    await expect.poll(() => invited.page.locator('h1').textContent()).toBe('Willkommen, Karl Klein');

    await page.reload();
    await expect.poll(() => page.locator('tr', { hasText: 'Karl Klein' }).textContent()).toContain('aktiv');
  });

  it('a client downloads their data and deletes their account', async () => {
    const password = strongPassword();
    const since = app.t.mail.messages.length;
    await app.t.client().post(`/api/v1/centres/${app.centre.slug}/registrations`, { username: 'abschied', email: 'abschied@example.org', password, privacyAccepted: true });
    const token = linkIn(await app.t.mail.next('abschied@example.org', since)).searchParams.get('token')!;
    await app.t.client().post(`/api/v1/centres/${app.centre.slug}/registrations/confirm`, { token });

    const { page } = await open(`/${app.centre.slug}`);
    await page.getByLabel('E-Mail-Adresse oder Benutzername').fill('abschied');
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/start$/);
    await page.getByRole('link', { name: 'Mein Konto' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Daten herunterladen' }).click();
    expect((await download).suggestedFilename()).toMatch(/^beradig-.*\.json$/);

    page.once('dialog', (d) => void d.accept());
    await page.getByLabel('Zum Bestätigen Ihr Passwort').last().fill(password);
    await page.getByRole('button', { name: 'Zugang endgültig löschen' }).click();
    await page.waitForURL(new RegExp(`/${app.centre.slug}$`));
    const res = await app.t.client().post(`/api/v1/centres/${app.centre.slug}/auth/login`, { login: 'abschied', password });
    expect(res.status).toBe(401);
  });
});

/** The anonymous chat is sold already but built later: installed as a stand-in here. */
describe('the operator in the browser, with every module of the price list', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ env: { FRONTEND_DIST: FRONTEND }, features: WITH_STAND_INS });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the operator sets up two-factor login at the first login, creates a centre, and logs in again with a recovery code', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    const watch = watchPage(page, t.baseUrl);
    await page.goto(`${t.baseUrl}/operator/login`);
    await page.getByLabel('E-Mail-Adresse').fill(OPERATOR.email);
    await page.getByLabel('Passwort', { exact: true }).fill(OPERATOR.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    // Nothing before the second factor: the console sends back to its setup.
    await page.waitForURL(/\/operator\/konto$/);
    await expect.poll(() => page.locator('.notice').textContent()).toContain('vorher ist nichts anderes möglich');
    expect(await page.getByRole('link', { name: 'Konto' }).count()).toBe(0);
    await page.goto(`${t.baseUrl}/operator`);
    await page.waitForURL(/\/operator\/konto$/);
    await page.getByRole('button', { name: 'Zweiten Faktor einrichten' }).click();
    const secret = (await page.locator('code.secret').textContent())!.trim();
    expect(await page.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Sechsstelliger Code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Einrichten' }).click();
    await expect.poll(() => page.locator('ul.codes li').count()).toBe(10);
    const recoveryCode = (await page.locator('ul.codes li').first().textContent())!.trim();
    await page.getByRole('button', { name: 'Codes notiert – weiter zur Übersicht' }).click();
    await page.waitForURL(/\/operator$/);

    await page.getByLabel('Name', { exact: true }).fill('Suchtberatung Nordstadt');
    await page.getByLabel('Adresse im Portal').fill('sucht-nordstadt');
    await page.getByLabel('E-Mail-Adresse der Verwaltung').fill('team@sucht-nordstadt.example');
    await page.getByLabel('Videoberatung').check();
    await page.getByLabel('Impressum').fill('Suchtberatung Nordstadt\nHauptstraße 5');
    await page.getByRole('button', { name: 'Beratungsstelle anlegen' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Suchtberatung Nordstadt');
    const row = page.locator('tr', { hasText: 'Suchtberatung Nordstadt' });
    expect(await row.textContent()).toContain('480,00');
    expect(await seriousViolations(page)).toEqual([]);
    await t.mail.waitFor('team@sucht-nordstadt.example');

    await row.getByRole('link', { name: 'Suchtberatung Nordstadt' }).click();
    await page.getByRole('button', { name: 'Sperren' }).click();
    await expect.poll(() => page.locator('.facts-inline').textContent()).toContain('gesperrt');

    // The phone is not at hand: in again with a recovery code, which then is spent.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/operator\/login$/);
    await page.getByLabel('E-Mail-Adresse').fill(OPERATOR.email);
    await page.getByLabel('Passwort', { exact: true }).fill(OPERATOR.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('Authenticator-App');
    await page.getByLabel('Code aus der Authenticator-App (oder ein Wiederherstellungscode)').fill(recoveryCode);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/operator$/);
    await page.getByRole('link', { name: 'Konto' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Verbleibende Wiederherstellungscodes: 9');
    expect(await seriousViolations(page)).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
