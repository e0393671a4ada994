import { existsSync } from 'node:fs';

import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that phones home. Playwright gives each launch a
 * fresh temporary profile. `extraArgs`: e.g. a fake camera and microphone for calls. */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface PageWatch {
  /** Requests to anything but the app itself (DSGVO: there must be none). */
  foreignRequests: string[];
  consoleErrors: string[];
}

/** Records third-party requests and console errors (CSP violations show up there). */
export function watchPage(page: Page, baseUrl: string): PageWatch {
  const watch: PageWatch = { foreignRequests: [], consoleErrors: [] };
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) watch.foreignRequests.push(url);
  });
  page.on('console', (msg) => {
    // The app probes /auth/me and the portal info; their 401/404 answers are expected.
    if (msg.type() === 'error' && !/Failed to load resource: .*status of 40[14]/.test(msg.text())) {
      watch.consoleErrors.push(msg.text());
    }
  });
  page.on('pageerror', (err) => watch.consoleErrors.push(err.message));
  return watch;
}
