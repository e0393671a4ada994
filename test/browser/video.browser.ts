import { describe, expect, it } from 'vitest';

import { login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry } from '../factories/mail.js';
import { JITSI_DEFAULTS, jitsiEnv, verifyJitsiToken } from '../factories/video.js';
import { portalLogin, seriousViolations, useBrowserApp } from '../support/browser-helpers.js';
import { watchPage } from '../support/browser.js';
import { fakeJitsi, jitsiEmit, jitsiState } from '../support/fake-jitsi.js';

const PHONE = { width: 360, height: 740 };
const MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

describe('video counselling in the browser', () => {
  const app = useBrowserApp({ env: jitsiEnv(), modules: ['mail', 'video'], browserArgs: MEDIA });

  it('a counsellor opens a room; the client waits for them, both meet in Jitsi, E2EE follows the call, a guest comes by link, and the counsellor ends it for everyone', async () => {
    const admin = await login(app.t, app.centre.slug, app.centre.admin.email, app.centre.admin.password);
    const anna = await counsellor(app.t, app.centre, 'Anna Acker');
    const klara = await client(app.t, app.centre);
    await assign(app.centre, admin, await enquiry(app.centre, klara), anna.id);

    // The counsellor opens a room with Klara and guests allowed, and hands out a guest link.
    const host = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, anna.login, anna.password);
    const hostScripts = await fakeJitsi(host.page.context(), JITSI_DEFAULTS.domain);
    await host.page.getByRole('link', { name: 'Video', exact: true }).click();
    await host.page.waitForURL(/\/video$/);
    await host.page.getByRole('button', { name: 'Videoraum anlegen' }).click();
    await expect.poll(() => host.page.getByText('Bitte geben Sie dem Raum einen Namen.').count()).toBe(1);
    await host.page.getByLabel('Name des Videoraums').fill('Videoberatung Klara');
    await host.page.getByLabel('Gastlinks erlauben').check();
    await host.page.getByLabel(klara.username).check();
    await host.page.getByRole('button', { name: 'Videoraum anlegen' }).click();
    await host.page.waitForURL(/\/video\/[0-9a-f-]{36}$/);
    await expect.poll(() => host.page.locator('.video-room-name').allTextContents()).toEqual(['Videoberatung Klara']);
    await host.page.locator('summary', { hasText: 'Gastlinks' }).click();
    await host.page.getByLabel('Bezeichnung (nur für Sie)').fill('Jugendamt, Frau K.');
    await host.page.getByRole('button', { name: 'Gastlink erstellen' }).click();
    const guestUrl = await (async () => {
      await expect.poll(() => host.page.getByLabel('Gastlink zum Kopieren').count()).toBe(1);
      return host.page.getByLabel('Gastlink zum Kopieren').inputValue();
    })();
    expect(guestUrl).toMatch(new RegExp(`^http://beradig\\.test/${app.centre.slug}/video/gast#[A-Za-z0-9_-]{43}$`));
    expect(await seriousViolations(host.page)).toEqual([]);

    // The client, on a phone: consent first, then the room, then waiting for the counsellor.
    const guest = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, klara.login, klara.password, PHONE);
    const clientTab = guest;
    const clientScripts = await fakeJitsi(clientTab.page.context(), JITSI_DEFAULTS.domain);
    await clientTab.page.getByRole('link', { name: 'Video', exact: true }).click();
    await clientTab.page.waitForURL(/\/video$/);
    await expect.poll(() => clientTab.page.locator('.video-room-name').allTextContents()).toEqual(['Videoberatung Klara']);
    expect(await clientTab.page.locator('#consent-title').textContent()).toBe('Einwilligung zur Videosprechstunde');
    expect(await seriousViolations(clientTab.page)).toEqual([]);
    expect(await clientTab.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await clientTab.page.getByRole('button', { name: 'Einwilligung geben' }).click();
    await expect.poll(() => clientTab.page.getByText('Bitte setzen Sie das Häkchen, wenn Sie zustimmen.').count()).toBe(1);
    await clientTab.page.getByLabel('Ich habe die Einwilligung gelesen und stimme ihr zu.').check();
    await clientTab.page.getByRole('button', { name: 'Einwilligung geben' }).click();
    await expect.poll(() => clientTab.page.getByRole('status').allTextContents()).toContain('Vielen Dank. Ihre Einwilligung ist gespeichert.');
    await clientTab.page.getByRole('link', { name: 'Zum Videoraum' }).click();
    await clientTab.page.waitForURL(/\/video\/raum\/[0-9a-f-]{36}$/);
    // The device check found the (fake) camera and microphone.
    await expect.poll(() => clientTab.page.locator('.device-check [role=status]').textContent(), { timeout: 10_000 }).toContain('Kamera und Mikrofon funktionieren');
    await clientTab.page.getByRole('button', { name: 'Jetzt beitreten' }).click();
    await expect.poll(() => clientTab.page.locator('.waiting').textContent()).toContain('Ihre Beraterin oder Ihr Berater ist noch nicht im Raum');
    expect(await jitsiState(clientTab.page)).toBeNull();
    expect(clientScripts).toEqual([]);

    // The counsellor comes in: Jitsi loads from the configured domain with this room and a host token.
    await host.page.getByRole('link', { name: 'Raum betreten' }).click();
    await host.page.waitForURL(/\/video\/raum\/[0-9a-f-]{36}$/);
    await host.page.getByRole('button', { name: 'Jetzt beitreten' }).click();
    await expect.poll(() => jitsiState(host.page)).not.toBeNull();
    const hostJitsi = (await jitsiState(host.page))!;
    expect(hostScripts).toEqual([`https://${JITSI_DEFAULTS.domain}/external_api.js`]);
    expect(hostJitsi.domain).toBe(JITSI_DEFAULTS.domain);
    const hostClaims = verifyJitsiToken(hostJitsi.jwt, JITSI_DEFAULTS).payload;
    expect(hostClaims.room).toBe(hostJitsi.roomName);
    expect(hostJitsi.roomName).toMatch(/^[0-9a-f]{40}$/);
    expect(hostClaims.context.user).toMatchObject({ name: 'Anna Acker', affiliation: 'owner' });
    expect(hostJitsi.iframeSrc).toContain(`https://${JITSI_DEFAULTS.domain}/${hostJitsi.roomName}?jwt=${hostJitsi.jwt}`);
    expect(hostJitsi.configOverwrite).toMatchObject({ prejoinConfig: { enabled: false }, localRecording: { disable: true }, liveStreaming: { enabled: false }, transcription: { enabled: false } });
    expect(await host.page.locator('.encryption-banner').textContent()).toContain('Transportverschlüsselt.');
    await jitsiEmit(host.page, 'videoConferenceJoined', { id: 'anna0001' });
    // The lobby is on by default: the counsellor's page switches it on at Jitsi.
    await expect.poll(async () => (await jitsiState(host.page))!.commands).toContainEqual(['toggleLobby', true]);

    // The waiting client is let in by itself, with a member's token for the same room.
    await expect.poll(() => jitsiState(clientTab.page), { timeout: 10_000 }).not.toBeNull();
    const clientJitsi = (await jitsiState(clientTab.page))!;
    const clientClaims = verifyJitsiToken(clientJitsi.jwt, JITSI_DEFAULTS).payload;
    expect(clientClaims.room).toBe(hostJitsi.roomName);
    expect(clientClaims.context.user).toMatchObject({ name: klara.username, affiliation: 'member', moderator: 'false' });
    expect(clientScripts).toEqual([`https://${JITSI_DEFAULTS.domain}/external_api.js`]);

    // E2EE: once Klara is in the call and her page said her browser can do it, the counsellor's page switches it on.
    const supported = await clientTab.page.evaluate<boolean>("'createEncodedStreams' in RTCRtpSender.prototype || 'RTCRtpScriptTransform' in window");
    expect(supported).toBe(true);
    await jitsiEmit(clientTab.page, 'videoConferenceJoined', { id: 'klara001' });
    await jitsiEmit(host.page, 'participantJoined', { id: 'klara001', displayName: klara.username });
    await expect.poll(async () => (await jitsiState(host.page))!.commands, { timeout: 10_000 }).toContainEqual(['toggleE2EE', true]);
    expect(await host.page.locator('.encryption-banner').textContent()).toContain('Ende-zu-Ende-Verschlüsselung wird eingeschaltet');
    await expect.poll(() => host.page.locator('.encryption-banner').textContent(), { timeout: 10_000 }).toContain('Ende-zu-Ende-verschlüsselt.');
    await expect.poll(() => clientTab.page.locator('.encryption-banner').textContent(), { timeout: 10_000 }).toContain('Ende-zu-Ende-verschlüsselt.');

    // Someone knocks: E2EE goes off at once, and the banner says so on both pages.
    await jitsiEmit(host.page, 'knockingParticipant', { participant: { id: 'knock001', name: 'Herr B.' } });
    await expect.poll(() => host.page.locator('.encryption-banner').textContent()).toContain('Transportverschlüsselt.');
    expect((await jitsiState(host.page))!.commands).toContainEqual(['toggleE2EE', false]);
    await expect.poll(() => clientTab.page.locator('.encryption-banner').textContent(), { timeout: 10_000 }).toContain('Transportverschlüsselt.');
    await expect.poll(() => host.page.locator('.knocks').textContent()).toContain('Herr B. möchte hereinkommen.');
    await host.page.getByRole('button', { name: 'Abweisen' }).click();
    expect((await jitsiState(host.page))!.commands).toContainEqual(['answerKnockingParticipant', 'knock001', false]);
    await expect.poll(async () => (await jitsiState(host.page))!.commands.filter((c) => c[0] === 'toggleE2EE').at(-1)).toEqual(['toggleE2EE', true]);

    // A guest opens the link on a phone: name, consent, device check, in.
    const guestPage = await (await app.browser.newContext({ viewport: PHONE })).newPage();
    const guestWatch = watchPage(guestPage, app.t.baseUrl);
    await fakeJitsi(guestPage.context(), JITSI_DEFAULTS.domain);
    await guestPage.goto(guestUrl.replace('http://beradig.test', app.t.baseUrl));
    await expect.poll(() => guestPage.locator('.lead').textContent()).toMatch(/^Anna Acker von „Beratungsstelle [^“]+“ lädt Sie zu einer Videoberatung ein\.$/);
    expect(await seriousViolations(guestPage)).toEqual([]);
    expect(await guestPage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await guestPage.getByLabel('Ich habe die Einwilligung gelesen und stimme ihr zu.').check();
    await guestPage.getByRole('button', { name: 'Zustimmen und beitreten' }).click();
    await expect.poll(() => guestPage.getByText('Bitte geben Sie einen Namen an, unter dem die anderen Sie sehen.').count()).toBe(1);
    await guestPage.getByLabel('Ihr Name im Gespräch').fill('Frau K., Jugendamt');
    await guestPage.getByRole('button', { name: 'Zustimmen und beitreten' }).click();
    await expect.poll(() => jitsiState(guestPage)).not.toBeNull();
    const guestJitsi = (await jitsiState(guestPage))!;
    expect(guestJitsi.displayName).toBe('Frau K., Jugendamt');
    expect(verifyJitsiToken(guestJitsi.jwt, JITSI_DEFAULTS).payload.context.user).toMatchObject({ name: 'Frau K., Jugendamt', affiliation: 'member' });
    // The guest joins the call: until their page says what their browser can do, E2EE is off.
    await jitsiEmit(host.page, 'participantJoined', { id: 'guest001', displayName: 'Frau K., Jugendamt' });
    await expect.poll(async () => (await jitsiState(host.page))!.commands.filter((c) => c[0] === 'toggleE2EE').at(-1)).toEqual(['toggleE2EE', false]);
    await jitsiEmit(guestPage, 'videoConferenceJoined', { id: 'guest001' });
    await expect.poll(async () => (await jitsiState(host.page))!.commands.filter((c) => c[0] === 'toggleE2EE').at(-1), { timeout: 10_000 }).toEqual(['toggleE2EE', true]);
    await expect.poll(() => guestPage.locator('.encryption-banner').textContent(), { timeout: 15_000 }).toContain('Ende-zu-Ende-verschlüsselt.');

    // The counsellor ends the session for everyone: Jitsi is told, the client's page hangs up.
    await host.page.getByRole('button', { name: 'Für alle beenden …' }).click();
    await host.page.getByRole('button', { name: 'Ja, Sitzung für alle beenden' }).click();
    await expect.poll(() => host.page.getByText('Die Videoberatung ist beendet. Vielen Dank!').count()).toBe(1);
    expect(await clientTab.page.evaluate(() => (globalThis as unknown as { __jitsiInstances: { commands: unknown[][] }[] }).__jitsiInstances.length)).toBe(1);
    const hostCommands = await host.page.evaluate(() => (globalThis as unknown as { __jitsiInstances: { commands: unknown[][] }[] }).__jitsiInstances[0]!.commands);
    expect(hostCommands).toContainEqual(['endConference']);
    await expect.poll(() => clientTab.page.getByText('Die Videoberatung ist beendet. Vielen Dank!').count(), { timeout: 10_000 }).toBe(1);
    expect(await clientTab.page.evaluate(() => (globalThis as unknown as { __jitsiInstances: { disposed: boolean }[] }).__jitsiInstances[0]!.disposed)).toBe(true);

    // The client's page asked to join before the counsellor was there: that 409 is the answer it waits on.
    expect(clientTab.watch.consoleErrors.filter((e) => /status of 409/.test(e)).length).toBeGreaterThan(0);
    clientTab.watch.consoleErrors.splice(0, clientTab.watch.consoleErrors.length, ...clientTab.watch.consoleErrors.filter((e) => !/status of 409/.test(e)));
    for (const tab of [host, clientTab, { watch: guestWatch }]) {
      expect(tab.watch.consoleErrors).toEqual([]);
      // Nothing from third parties: only the centre's own Jitsi server.
      expect(tab.watch.foreignRequests.filter((url) => !url.startsWith(`https://${JITSI_DEFAULTS.domain}/`))).toEqual([]);
    }
  });

  it('the administration sees which Jitsi server the centre uses and sets its own', async () => {
    const admin = await portalLogin(app.browser, app.t.baseUrl, app.centre.slug, app.centre.admin.email, app.centre.admin.password, PHONE);
    await admin.page.getByRole('tab', { name: 'Einstellungen' }).click();
    await expect.poll(() => admin.page.locator('.video-settings').textContent()).toContain(`Jitsi-Server der Plattform (${JITSI_DEFAULTS.domain})`);
    expect(await seriousViolations(admin.page)).toEqual([]);
    await admin.page.getByLabel('Adresse des Jitsi-Servers').fill('https://meet.stelle.test');
    await admin.page.getByLabel('App-ID (JWT_APP_ID)').fill('stelle');
    await admin.page.getByRole('button', { name: 'Jitsi-Server speichern' }).click();
    // A bad address is named at its field; the secret is asked for, since none is set.
    await expect.poll(() => admin.page.locator('.video-settings .field-error').allTextContents()).toContain('Bitte nur den Namen des Jitsi-Servers angeben, z. B. meet.beratung.de (ohne https:// und ohne Pfad).');
    await admin.page.getByLabel('Adresse des Jitsi-Servers').fill('meet.stelle.test');
    await admin.page.getByLabel('Geheimnis (JWT_APP_SECRET)').fill('geheim-'.repeat(6));
    await admin.page.getByRole('button', { name: 'Jitsi-Server speichern' }).click();
    await expect.poll(() => admin.page.locator('.video-settings').textContent()).toContain('eigenen Jitsi-Server dieser Beratungsstelle (meet.stelle.test)');
    expect(await admin.page.getByLabel('Geheimnis (JWT_APP_SECRET)').inputValue()).toBe('');
    await admin.page.getByRole('button', { name: 'Zurück zum Server der Plattform' }).click();
    await expect.poll(() => admin.page.locator('.video-settings').textContent()).toContain(`Jitsi-Server der Plattform (${JITSI_DEFAULTS.domain})`);
    expect(await admin.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    expect(admin.watch.consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
