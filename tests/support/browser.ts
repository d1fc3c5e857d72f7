/** Debian's Chromium driven by playwright-core: no browser download, no outside network. */
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';
import { E2E_NOW } from './e2e-clock.ts';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Every context (and every page made with browser.newPage) starts its clock at E2E_NOW and lets it run,
 * so the islands derive the same states as the pages were built with, on any date.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options?: BrowserContextOptions) => {
    const context = await newContext(options);
    await context.clock.install({ time: new Date(E2E_NOW) });
    await context.clock.resume();
    return context;
  };
  return browser;
}
