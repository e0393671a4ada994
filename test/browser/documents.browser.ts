import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry } from '../factories/mail.js';
import { pdfs } from '../factories/pdfs.js';
import { portalLogin, seriousViolations, useBrowserApp } from '../support/browser-helpers.js';
import { pageTexts } from '../support/pdf-reader.js';

describe('document box in the browser', () => {
  const app = useBrowserApp();

  it('a client uploads a PDF on the phone; the counsellor sees it arrive and downloads the rebuilt PDF with the same text', async () => {
    const admin = await login(app.t, app.centre.slug, app.centre.admin.email, app.centre.admin.password);
    const anna = await counsellor(app.t, app.centre, 'Anna Acker');
    const klara = await client(app.t, app.centre);
    const caseId = await enquiry(app.centre, klara, 'Ich schicke Ihnen den Bescheid.');
    await assign(app.centre, admin, caseId, anna.id);

    const counsellorTab = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, anna.login, anna.password);
    await counsellorTab.page.waitForURL(/\/beratung$/);
    await counsellorTab.page.locator('.case-list a', { hasText: klara.username }).click();
    await expect.poll(() => counsellorTab.page.locator('.document-box').textContent()).toContain('Noch keine Dokumente');

    const clientTab = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, klara.login, klara.password, { width: 360, height: 780 });
    await expect.poll(() => clientTab.page.locator('.document-box h3').textContent()).toBe('Dokumente');
    // A renamed image is refused, with the server's reason in German.
    await clientTab.page.getByLabel('PDF-Datei auswählen').setInputFiles({ name: 'foto.pdf', mimeType: 'application/pdf', buffer: pdfs.png() });
    await expect.poll(() => clientTab.page.locator('.document-box [role=alert]').textContent()).toContain('Diese Datei ist kein PDF');

    const pdf = pdfs.minimal('Bescheid vom Jugendamt');
    await clientTab.page.getByLabel('PDF-Datei auswählen').setInputFiles({ name: 'Bescheid Jugendamt.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => clientTab.page.locator('.document-box [role=status]').textContent()).toContain('„Bescheid Jugendamt.pdf“ wurde hochgeladen.');
    expect(await clientTab.page.locator('.document-name').allTextContents()).toEqual(['Bescheid Jugendamt.pdf']);
    expect(await seriousViolations(clientTab.page)).toEqual([]);

    // The counsellor's page shows it without a reload; the download is the file rebuilt on upload, with the same pages and text.
    const link = counsellorTab.page.getByRole('link', { name: 'Bescheid Jugendamt.pdf' });
    await link.waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([counsellorTab.page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Bescheid Jugendamt.pdf');
    const downloaded = readFileSync(await download.path());
    expect(downloaded.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await pageTexts(downloaded)).toEqual(['Bescheid vom Jugendamt']);
    expect(await seriousViolations(counsellorTab.page)).toEqual([]);

    // The client may delete their own upload; it disappears on the counsellor's page too.
    await clientTab.page.getByRole('button', { name: 'Bescheid Jugendamt.pdf löschen' }).click();
    // Focus follows: to the confirmation, and after deleting to the list's heading.
    await expect.poll(async () => (await clientTab.page.locator(':focus').textContent())?.trim()).toBe('Löschen');
    await clientTab.page.getByRole('button', { name: 'Löschen', exact: true }).click();
    await expect.poll(() => clientTab.page.locator('h3:focus').count()).toBe(1);
    await expect.poll(() => clientTab.page.locator('.document-name').count()).toBe(0);
    await expect.poll(() => counsellorTab.page.locator('.document-name').count(), { timeout: 10_000 }).toBe(0);

    for (const tab of [clientTab, counsellorTab]) {
      expect(tab.watch.foreignRequests).toEqual([]);
      // The refused upload's 415 is expected in the console; nothing else.
      expect(tab.watch.consoleErrors.filter((e) => !/status of 415/.test(e))).toEqual([]);
    }
  });
});
