/**
 * The security headers are defined once, in netlify.toml; the local server (scripts/lib/serve.ts, as `npm start`)
 * must send exactly those, so that what these tests see is what Netlify sends.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';

const siteUrl = inject('siteUrl');
const SLUG = 'esempio-orti-condivisi-marghera';

interface HeaderRule {
  for: string;
  values: Record<string, string>;
}
let rules: HeaderRule[];
let browser: Browser;

beforeAll(async () => {
  const toml = parse(await readFile(join(process.cwd(), 'netlify.toml'), 'utf8')) as { headers?: HeaderRule[] };
  rules = toml.headers ?? [];
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** How Netlify matches a `for` path (@netlify/headers-parser): a trailing `/*` also matches the bare prefix. */
function matches(pattern: string, path: string): boolean {
  const parts = pattern
    .split('/')
    .filter(Boolean)
    .map((part) => (part === '*' ? '?(.*)' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '(.*)')));
  return new RegExp(`^/${parts.join('/')}/?$`, 'iu').test(path);
}
const expectedFor = (path: string) =>
  Object.fromEntries(
    rules
      .filter((rule) => matches(rule.for, path))
      .flatMap((rule) => Object.entries(rule.values))
      .map(([k, v]) => [k.toLowerCase(), v]),
  );

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => join(entry.parentPath, entry.name));
}

describe('security headers', () => {
  it.each([
    '/',
    `/campagne/${SLUG}/`,
    '/donazione/esito/',
    `/embed/${SLUG}/progress/`,
    `/embed/${SLUG}/donate/?lang=en`,
    '/embed/resize.js',
    '/pagina-che-non-esiste',
  ])('the local server sends netlify.toml rules for %s', async (path) => {
    const response = await fetch(`${siteUrl}${path}`);
    const expected = expectedFor(new URL(path, siteUrl).pathname);
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(['content-security-policy', 'referrer-policy', 'permissions-policy', 'strict-transport-security']),
    );
    for (const [name, value] of Object.entries(expected)) expect.soft(response.headers.get(name), name).toBe(value);
  });

  it('lets other sites frame the embed pages and no other page', () => {
    expect(expectedFor(`/embed/${SLUG}/donate/`)['content-security-policy']).toMatch(/frame-ancestors \*$/);
    expect(expectedFor(`/campagne/${SLUG}/`)['content-security-policy']).not.toMatch(/frame-ancestors/);
    expect(expectedFor(`/campagne/${SLUG}/`)['x-frame-options']).toBe('DENY');
  });

  it('admits no third-party origin but Stripe in the policy', () => {
    for (const rule of rules) {
      const origins = rule.values['Content-Security-Policy']!.match(/https?:\/\/[^\s;]+/g) ?? [];
      expect(
        origins.every((origin) => /^https:\/\/([a-z*]+\.)*stripe\.com$/.test(origin)),
        origins.join(' '),
      ).toBe(true);
    }
  });

  it('lists the hash of every inline script the build ships', async () => {
    const policy = expectedFor('/')['content-security-policy']!;
    const missing = new Set<string>();
    for (const file of await htmlFiles(join(process.cwd(), 'dist'))) {
      const html = await readFile(file, 'utf8');
      for (const [, body] of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
        const hash = `'sha256-${createHash('sha256').update(body!).digest('base64')}'`;
        if (!policy.includes(hash)) missing.add(`${hash} (first in ${file.replace(process.cwd(), '')})`);
      }
    }
    // Add each of these to script-src of both rules in netlify.toml.
    expect([...missing]).toEqual([]);
  });

  it.each([
    '/',
    `/campagne/${SLUG}/`,
    `/embed/${SLUG}/donate/`,
    `/embed/${SLUG}/progress/?lang=en&accent=aa3300`,
    '/donazione/esito/?pledge=x',
  ])('Chromium runs %s without a policy violation', async (path) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${siteUrl}${path}`);
    // Open what waits to be asked for (the embed code), and touch what hydrates at a touch (the donate form).
    for (const summary of await page.locator('details:not([open]) > summary:visible').all()) await summary.click();
    for (const island of await page.locator('astro-island').all()) {
      await island.locator(':scope > :first-child').scrollIntoViewIfNeeded();
      if ((await island.getAttribute('client')) === 'interaction') await island.dispatchEvent('pointerdown');
    }
    await page.waitForLoadState('networkidle');
    // Every island hydrated, i.e. its inline bootstrap ran (a touched form may still be loading its code).
    await page
      .waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 15_000 })
      .catch(() => undefined);
    expect(await page.locator('astro-island[ssr]').count()).toBe(0);
    expect(violations).toEqual([]);
    await context.close();
  });
});
