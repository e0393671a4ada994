import type { BrowserContext, Page } from 'playwright-core';

/**
 * A stand-in for a centre's Jitsi Meet in browser tests: `external_api.js` served from the
 * configured domain (intercepted, nothing leaves the machine) defines a JitsiMeetExternalAPI
 * that builds the iframe the real one builds (room in the path, token in the query), records
 * the commands it is given and lets the test fire Jitsi's events.
 */
const EXTERNAL_API = `
(function () {
  class JitsiMeetExternalAPI {
    constructor(domain, options) {
      this.domain = domain;
      this.options = options;
      this.listeners = {};
      this.commands = [];
      this.disposed = false;
      const iframe = document.createElement('iframe');
      const hash = Object.entries(options.configOverwrite || {})
        .map(([key, value]) => 'config.' + key + '=' + encodeURIComponent(JSON.stringify(value)))
        .join('&');
      iframe.src = 'https://' + domain + '/' + options.roomName + '?jwt=' + options.jwt + '#' + hash;
      iframe.allow = 'camera; microphone; display-capture; autoplay';
      options.parentNode.appendChild(iframe);
      this.iframe = iframe;
      window.__jitsi = this;
      (window.__jitsiInstances = window.__jitsiInstances || []).push(this);
    }
    addListener(event, listener) { (this.listeners[event] = this.listeners[event] || []).push(listener); }
    executeCommand(name, ...args) { this.commands.push([name, ...args]); }
    getIFrame() { return this.iframe; }
    dispose() { this.disposed = true; this.iframe.remove(); }
    emit(event, payload) { for (const listener of this.listeners[event] || []) listener(payload); }
  }
  window.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
})();
`;

export interface FakeJitsiState {
  domain: string;
  roomName: string;
  jwt: string;
  displayName: string;
  configOverwrite: Record<string, unknown>;
  iframeSrc: string;
  commands: unknown[][];
  disposed: boolean;
}

/** Serves the stand-in for every page of the context; returns the script URLs requested. */
export async function fakeJitsi(context: BrowserContext, domain: string): Promise<string[]> {
  const scripts: string[] = [];
  await context.route(`https://${domain}/**`, async (route) => {
    const url = route.request().url();
    if (url === `https://${domain}/external_api.js`) {
      scripts.push(url);
      return route.fulfill({ status: 200, contentType: 'application/javascript', body: EXTERNAL_API });
    }
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Jitsi</title><p>Konferenz</p>' });
  });
  return scripts;
}

/** The page's current Jitsi instance as the stand-in saw it, or null before the call. */
export function jitsiState(page: Page): Promise<FakeJitsiState | null> {
  return page.evaluate(() => {
    const api = (globalThis as unknown as { __jitsi?: { domain: string; options: { roomName: string; jwt: string; userInfo: { displayName: string }; configOverwrite: Record<string, unknown> }; iframe: { src: string }; commands: unknown[][]; disposed: boolean } }).__jitsi;
    if (!api) return null;
    return {
      domain: api.domain,
      roomName: api.options.roomName,
      jwt: api.options.jwt,
      displayName: api.options.userInfo.displayName,
      configOverwrite: api.options.configOverwrite,
      iframeSrc: api.iframe.src,
      commands: api.commands,
      disposed: api.disposed,
    };
  });
}

/** Fires a Jitsi event on the page's current instance, as Jitsi would. */
export async function jitsiEmit(page: Page, event: string, payload: unknown): Promise<void> {
  await page.evaluate(([e, p]) => (globalThis as unknown as { __jitsi: { emit(e: string, p: unknown): void } }).__jitsi.emit(e, p), [event, payload] as const);
}
