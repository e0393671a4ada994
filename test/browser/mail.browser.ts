import { describe, expect, it } from 'vitest';

import { createAccount, registerClient } from '../factories/centres.js';
import { portalLogin, seriousViolations, useBrowserApp } from '../support/browser-helpers.js';

describe('written counselling in the browser', () => {
  const app = useBrowserApp();

  const loggedIn = (login: string, password: string, viewport?: { width: number; height: number }) =>
    portalLogin(app.browser, app.t.baseUrl, app.centre.slug, login, password, viewport);

  it('client writes an enquiry, admin assigns it, counsellor answers, the client sees it live', async () => {
    const counsellor = await createAccount(app.t, app.centre.id, 'counsellor', { displayName: 'Clara Rat' });
    const client = await registerClient(app.t, app.centre.slug, { username: 'Wolke' });

    const clientTab = await loggedIn(client.username, client.password, { width: 360, height: 780 });
    let reloads = 0;
    clientTab.page.on('load', () => reloads++);
    // Sent empty: said at once, with the focus in the field.
    await clientTab.page.getByRole('button', { name: 'Anfrage absenden' }).click();
    await expect.poll(() => clientTab.page.getByRole('alert').textContent()).toContain('Bitte schreiben Sie Ihr Anliegen');
    expect(await clientTab.page.locator('textarea:focus').getAttribute('id')).toBe('enquiry-text');
    // A postcode the server refuses is tied to its field.
    await clientTab.page.getByLabel('Was möchten Sie uns schreiben?').fill('Seit der Trennung kommt unsere Tochter nicht zur Ruhe.');
    await clientTab.page.getByText('Freiwillige Angaben').click();
    await clientTab.page.getByLabel('Postleitzahl').fill('123');
    await clientTab.page.getByRole('button', { name: 'Anfrage absenden' }).click();
    await expect.poll(() => clientTab.page.locator('#enquiry-postcode').getAttribute('aria-invalid')).toBe('true');
    expect(await clientTab.page.locator('#enquiry-postcode').getAttribute('aria-describedby')).toBe('enquiry-postcode-error');
    await expect.poll(() => clientTab.page.locator('input:focus').getAttribute('id')).toBe('enquiry-postcode');
    await clientTab.page.getByLabel('Postleitzahl').fill('');
    await clientTab.page.getByLabel('Thema').selectOption('trennung');
    await clientTab.page.getByRole('button', { name: 'Anfrage absenden' }).click();
    await expect.poll(() => clientTab.page.locator('h2').first().textContent()).toContain('Ihre Anfrage ist angekommen');
    await expect.poll(() => clientTab.page.locator('.message .text').allTextContents()).toEqual(['Seit der Trennung kommt unsere Tochter nicht zur Ruhe.']);
    expect(await seriousViolations(clientTab.page)).toEqual([]);

    const adminTab = await loggedIn(app.centre.admin.email, app.centre.admin.password);
    await adminTab.page.waitForURL(/\/verwaltung$/);
    const card = adminTab.page.locator('.board-case', { hasText: 'Wolke' });
    await expect.poll(() => card.textContent()).toContain('Trennung und Scheidung');
    expect(await adminTab.page.locator('main').textContent()).not.toContain('nicht zur Ruhe');
    await card.getByLabel('Zuordnen an').selectOption({ label: 'Clara Rat (offene Beratungen: 0)' });
    await card.getByRole('button', { name: 'Zuordnen' }).click();
    await expect.poll(() => adminTab.page.locator('[role=status]').textContent()).toContain('Zugeordnet an Clara Rat');
    expect(await seriousViolations(adminTab.page)).toEqual([]);

    const counsellorTab = await loggedIn(counsellor.email, counsellor.password);
    await counsellorTab.page.waitForURL(/\/beratung$/);
    await counsellorTab.page.locator('.case-list a', { hasText: 'Wolke' }).click();
    await expect.poll(() => counsellorTab.page.locator('.message .text').allTextContents()).toEqual(['Seit der Trennung kommt unsere Tochter nicht zur Ruhe.']);
    await counsellorTab.page.getByLabel('Nachricht schreiben').fill('Danke, dass Sie schreiben. Wie alt ist Ihre Tochter?');
    await counsellorTab.page.getByRole('button', { name: 'Senden' }).click();
    expect(await seriousViolations(counsellorTab.page)).toEqual([]);

    // The client's page was never reloaded: the answer arrives over the socket.
    await expect.poll(() => clientTab.page.locator('.message .text').allTextContents(), { timeout: 10_000 }).toEqual([
      'Seit der Trennung kommt unsere Tochter nicht zur Ruhe.',
      'Danke, dass Sie schreiben. Wie alt ist Ihre Tochter?',
    ]);
    expect(reloads).toBe(0);
    await expect.poll(() => clientTab.page.locator('h2').first().textContent()).toContain('Ihre Beratung mit Clara Rat');

    for (const tab of [clientTab, adminTab, counsellorTab]) {
      // The refused postcode's 400 is expected in the client's console; nothing else.
      expect(tab.watch.consoleErrors.filter((e) => tab !== clientTab || !/status of 400/.test(e))).toEqual([]);
      expect(tab.watch.foreignRequests).toEqual([]);
    }
  });
});
