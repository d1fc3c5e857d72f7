/** Weighs the JavaScript a page loads from our origin, gzipped as a CDN sends it. */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export interface JsWeight {
  files: Map<string, number>;
  /** Sum of the gzipped sizes of every script loaded so far, in bytes. */
  gzipBytes(): number;
}

export function weighJs(page: Page, origin: string): JsWeight {
  const files = new Map<string, number>();
  page.on('response', async (response) => {
    const url = response.url();
    const type = response.headers()['content-type'] ?? '';
    if (!url.startsWith(origin) || !/javascript/.test(type)) return;
    const body = await response.body().catch(() => null);
    if (body) files.set(new URL(url).pathname, gzipSync(body, { level: 9 }).length);
  });
  return { files, gzipBytes: () => [...files.values()].reduce((sum, n) => sum + n, 0) };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
