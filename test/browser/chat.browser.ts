import { describe, expect, it } from 'vitest';

import { login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry } from '../factories/mail.js';
import { portalLogin, seriousViolations, useBrowserApp } from '../support/browser-helpers.js';

describe('chat in the browser', () => {
  const app = useBrowserApp();

  it('a counsellor opens a room with a client and they exchange messages live', async () => {
    const admin = await login(app.t, app.centre.slug, app.centre.admin.email, app.centre.admin.password);
    const anna = await counsellor(app.t, app.centre, 'Anna Acker');
    const klara = await client(app.t, app.centre);
    await assign(app.centre, admin, await enquiry(app.centre, klara), anna.id);

    const counsellorTab = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, anna.login, anna.password);
    await counsellorTab.page.getByRole('link', { name: 'Chat', exact: true }).click();
    await counsellorTab.page.waitForURL(/\/chat$/);
    await counsellorTab.page.getByLabel('Name des Chatraums').fill('Chat mit Klara');
    await counsellorTab.page.getByLabel('Vereinbarte Chatzeit').fill('dienstags 17–18 Uhr');
    await counsellorTab.page.getByLabel(klara.username).check();
    await counsellorTab.page.getByRole('button', { name: 'Chatraum anlegen' }).click();
    await counsellorTab.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await expect.poll(() => counsellorTab.page.locator('.chat-head h2').textContent()).toBe('Chat mit Klara');
    expect(await seriousViolations(counsellorTab.page)).toEqual([]);

    // The client, on a phone, finds the room in the chat list and opens it.
    const clientTab = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, klara.login, klara.password, { width: 360, height: 780 });
    let reloads = 0;
    clientTab.page.on('load', () => reloads++);
    let historyRequests = 0;
    clientTab.page.on('request', (r) => {
      if (r.method() === 'GET' && /\/chat\/rooms\/[0-9a-f-]{36}\/messages/.test(r.url())) historyRequests++;
    });
    await clientTab.page.getByRole('link', { name: 'Chat', exact: true }).click();
    await clientTab.page.getByRole('link', { name: /Chat mit Klara/ }).click();
    await expect.poll(() => clientTab.page.locator('.chat-time').textContent()).toContain('dienstags 17–18 Uhr');
    // Opening the room loads its history once, and marking it read does not load it again.
    await clientTab.page.waitForTimeout(2000);
    expect(historyRequests).toBe(1);
    await expect.poll(() => counsellorTab.page.locator('.presence li.online').count(), { timeout: 10_000 }).toBe(2);

    await counsellorTab.page.getByPlaceholder(/Nachricht schreiben/).fill('Hallo Klara, ich bin jetzt da.');
    await counsellorTab.page.getByPlaceholder(/Nachricht schreiben/).press('Enter');
    await expect.poll(() => clientTab.page.locator('.message .text').allTextContents(), { timeout: 10_000 }).toEqual(['Hallo Klara, ich bin jetzt da.']);
    // Screen readers hear the line that arrived, not the history.
    expect(await clientTab.page.locator('.visually-hidden[aria-live="polite"]').textContent()).toBe('Neu von Anna Acker: Hallo Klara, ich bin jetzt da.');

    await clientTab.page.getByPlaceholder(/Nachricht schreiben/).pressSequentially('Hallo!', { delay: 20 });
    await expect.poll(() => counsellorTab.page.locator('.typing').textContent(), { timeout: 10_000 }).toContain('schreibt');
    await clientTab.page.getByRole('button', { name: 'Senden' }).click();
    await expect.poll(() => counsellorTab.page.locator('.message .text').allTextContents(), { timeout: 10_000 }).toEqual(['Hallo Klara, ich bin jetzt da.', 'Hallo!']);
    expect(await seriousViolations(clientTab.page)).toEqual([]);
    expect(reloads).toBe(0);

    for (const tab of [clientTab, counsellorTab]) {
      expect(tab.watch.consoleErrors).toEqual([]);
      expect(tab.watch.foreignRequests).toEqual([]);
    }
  });

  it('says when the room list cannot be loaded, and loads it on request', async () => {
    const klara = await client(app.t, app.centre);
    const tab = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, klara.login, klara.password, { width: 360, height: 780 });
    const rooms = /\/api\/v1\/centres\/[^/]+\/chat\/rooms$/;
    await tab.page.route(rooms, (route) => route.abort('connectionreset'));
    await tab.page.getByRole('link', { name: 'Chat', exact: true }).click();
    await expect.poll(() => tab.page.getByRole('alert').textContent()).toContain('Das konnte gerade nicht geladen werden.');
    await tab.page.unroute(rooms);
    await tab.page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect.poll(() => tab.page.locator('.inbox-list .hint').first().textContent()).toBeTruthy();
    expect(await tab.page.getByRole('alert').count()).toBe(0);
    expect(await seriousViolations(tab.page)).toEqual([]);
  });
});
