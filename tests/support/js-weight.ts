/**
 * Weighs the JavaScript a page loads from our origin as the bench does (bench/sections/weight.ts):
 * every script file, and the scripts inlined in its HTML, each gzipped at level 6 as servers do on
 * the fly. The budgets are in tests/support/budgets.ts.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export interface JsWeight {
  files: Map<string, number>;
  /** Sum of the gzipped sizes of every script loaded so far, in bytes. */
  gzipBytes(): number;
}

export const gzipSize = (body: Buffer | string) => gzipSync(typeof body === 'string' ? Buffer.from(body) : body, { level: 6 }).length;

/** The inline scripts of a document (not JSON data, not external ones), each weighed apart. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((match) => !/type\s*=\s*["']?(application\/(ld\+)?json|importmap)/i.test(match[1] ?? '') && !/\bsrc\s*=/.test(match[1] ?? ''))
    .map((match) => match[2] ?? '')
    .filter((code) => code.length > 0);
}

export function weighJs(page: Page, origin: string): JsWeight {
  const files = new Map<string, number>();
  page.on('response', async (response) => {
    const url = response.url();
    const type = response.headers()['content-type'] ?? '';
    if (!url.startsWith(origin)) return;
    if (response.request().resourceType() === 'document') {
      const html = await response.text().catch(() => '');
      inlineScripts(html).forEach((code, index) => files.set(`${new URL(url).pathname} (inline script ${index + 1})`, gzipSize(code)));
      return;
    }
    if (!/javascript/.test(type)) return;
    const body = await response.body().catch(() => null);
    if (body) files.set(new URL(url).pathname, gzipSize(body));
  });
  return { files, gzipBytes: () => [...files.values()].reduce((sum, n) => sum + n, 0) };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
