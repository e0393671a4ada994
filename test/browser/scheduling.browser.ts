import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import { client, counsellor } from '../factories/mail.js';
import { jitsiEnv } from '../factories/video.js';
import { portalLogin, seriousViolations, useBrowserApp } from '../support/browser-helpers.js';
import { watchPage } from '../support/browser.js';

const PHONE = { width: 360, height: 740 };

describe('appointments in the browser', () => {
  const app = useBrowserApp({ env: jitsiEnv(), modules: ['mail', 'video', 'scheduling'] });

  it('a client books a video slot on a phone and sees it in their area; the counsellor sees it in the week; the team page shows the counsellor', async () => {
    const anna = await counsellor(app.t, app.centre, 'Anna Acker');
    const klara = await client(app.t, app.centre);
    // Anna publishes Mondays-or-whatever-day-it-is, two days ahead, and presents herself.
    const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 });
    const base = `/api/v1/centres/${app.centre.slug}/scheduling`;
    const window = await anna.client.post(`${base}/windows`, {
      kind: 'weekly',
      weekday: day.weekday,
      from: '09:00',
      to: '12:00',
      slotMinutes: 50,
      bufferMinutes: 10,
      contactTypes: ['video', 'phone'],
    });
    expect(window.status, window.text).toBe(201);
    expect((await anna.client.patch(`${base}/profile`, { teamVisible: true, bio: 'Familienberaterin, Schwerpunkt Trennung und Scheidung.' })).status).toBe(200);

    // The team page, public, on a phone.
    const visitor = await (await app.browser.newContext({ viewport: PHONE })).newPage();
    const visitorWatch = watchPage(visitor, app.t.baseUrl);
    await visitor.goto(`${app.t.baseUrl}/${app.centre.slug}`);
    await visitor.getByRole('link', { name: 'Unser Team und freie Termine' }).click();
    await visitor.waitForURL(/\/team$/);
    await expect.poll(() => visitor.locator('.team-member h2').allTextContents()).toEqual(['Anna Acker']);
    expect(await visitor.locator('.team-member').textContent()).toContain('Hat freie Termine.');
    expect(await visitor.locator('.team-member').textContent()).toContain('Video');
    expect(await seriousViolations(visitor)).toEqual([]);
    expect(await visitor.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

    // Klara, on her phone, books: day, time, video, a note, confirm.
    const phone = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, klara.login, klara.password, PHONE);
    await phone.page.getByRole('link', { name: 'Termine', exact: true }).click();
    await phone.page.waitForURL(/\/termine$/);
    const dayLabel = new Intl.DateTimeFormat('de-DE', { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(new Date(`${day.toFormat('yyyy-MM-dd')}T12:00:00Z`));
    await phone.page.getByRole('radio', { name: new RegExp(`^${dayLabel.replace('.', '\\.')}`) }).click();
    await phone.page.getByRole('radio', { name: /^09:00/ }).click();
    // Nothing chosen yet for how to talk: the page says so instead of booking.
    await phone.page.getByRole('button', { name: 'Termin verbindlich buchen' }).click();
    await expect.poll(() => phone.page.getByText('Bitte wählen Sie, wie Sie sprechen möchten.').count()).toBe(1);
    await phone.page.getByLabel('Video').check();
    await phone.page.getByLabel(/Kurze Notiz/).fill('Es geht um unseren Sohn.');
    expect(await seriousViolations(phone.page)).toEqual([]);
    await phone.page.getByRole('button', { name: 'Termin verbindlich buchen' }).click();
    await expect.poll(() => phone.page.getByRole('status').allTextContents()).toContainEqual(expect.stringContaining('ist gebucht'));
    const booked = phone.page.locator('.booking').first();
    await expect.poll(() => booked.textContent()).toContain('09:00–09:50 Uhr');
    expect(await booked.textContent()).toContain('bei Anna Acker');
    expect(await booked.textContent()).toContain('Es geht um unseren Sohn.');
    expect(await booked.getByRole('link', { name: 'Zum Videoraum' }).getAttribute('href')).toMatch(new RegExp(`/${app.centre.slug}/video/raum/[0-9a-f-]{36}$`));
    expect(await seriousViolations(phone.page)).toEqual([]);
    expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    // Both got the invitation for their calendars.
    await app.t.mail.waitFor(klara.email);

    // Anna sees it in her week.
    const desk = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, anna.login, anna.password, { width: 1024, height: 768 });
    await desk.page.getByRole('link', { name: 'Termine', exact: true }).click();
    await desk.page.waitForURL(/\/termine$/);
    const monday = DateTime.now().setZone('Europe/Berlin').startOf('week');
    if (day.startOf('week') > monday) await desk.page.getByRole('button', { name: /Nächste Woche/ }).click();
    await expect.poll(() => desk.page.locator('.week-slots li.booked').allTextContents()).toEqual([expect.stringContaining(klara.username)]);
    expect(await desk.page.locator('.week-slots li.booked').textContent()).toContain('09:00–09:50');
    expect(await desk.page.locator('.bookings').textContent()).toContain('Es geht um unseren Sohn.');
    expect(await seriousViolations(desk.page)).toEqual([]);

    for (const tab of [phone, desk, { watch: visitorWatch }]) {
      expect(tab.watch.consoleErrors).toEqual([]);
      expect(tab.watch.foreignRequests).toEqual([]);
    }
  });

  it('a counsellor goes on crisis duty and presents herself from her account; the administration sees it, hides her from the team page and ends the duty', async () => {
    const ben = await counsellor(app.t, app.centre, 'Ben Berg');
    const tab = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, ben.login, ben.password, PHONE);
    await tab.page.getByRole('link', { name: 'Mein Konto' }).click();
    await expect.poll(() => tab.page.locator('#crisis-title').count()).toBe(1);
    await tab.page.getByRole('button', { name: 'Krisenkontakt übernehmen' }).click();
    await expect.poll(() => tab.page.getByText('Sie sind Krisenkontakt.').count()).toBe(1);
    await tab.page.getByLabel('Auf der öffentlichen Teamseite der Beratungsstelle zeigen').check();
    await tab.page.getByLabel('Ein paar Worte über Sie').fill('Suchtberatung, auch abends.');
    await tab.page.locator('#team-profile-title').locator('..').getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => tab.page.getByRole('status').allTextContents()).toContain('Gespeichert.');
    expect(await seriousViolations(tab.page)).toEqual([]);

    const admin = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, app.centre.admin.email, app.centre.admin.password);
    await admin.page.getByRole('tab', { name: 'Team & Krisenkontakt' }).click();
    const row = admin.page.locator('tr', { hasText: 'Ben Berg' });
    await expect.poll(() => row.textContent()).toContain('im Dienst');
    expect(await row.textContent()).toContain('möchte gezeigt werden');
    expect(await seriousViolations(admin.page)).toEqual([]);
    await row.getByLabel('ausblenden').check();
    await expect.poll(async () => (await app.t.client().get<{ name: string }[]>(`/api/v1/centres/${app.centre.slug}/scheduling/team`)).body.map((m) => m.name)).not.toContain('Ben Berg');
    await row.getByRole('button', { name: 'Beenden' }).click();
    await expect.poll(() => admin.page.getByRole('status').allTextContents()).toContain('Ben Berg ist nicht mehr Krisenkontakt.');
    await tab.page.reload();
    await expect.poll(() => tab.page.getByText('Sie sind gerade nicht Krisenkontakt.').count()).toBe(1);
    expect(await tab.page.getByText('Die Verwaltung hat Sie von der Teamseite genommen.', { exact: false }).count()).toBe(1);
    for (const t of [tab, admin]) expect(t.watch.consoleErrors).toEqual([]);
  });
});
