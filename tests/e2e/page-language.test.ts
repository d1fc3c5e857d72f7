/**
 * A page ships the words of its own language only: the JavaScript an English campaign page loads
 * before the donor pays (its islands and everything they import, read from dist/) holds no Italian
 * sentence of the dictionary, and the Italian page none of the English ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as en from '../../src/i18n/en.ts';
import * as itDictionary from '../../src/i18n/it.ts';

const DIST = join(process.cwd(), 'dist');
const CAMPAIGN = 'esempio-nonni-in-rete-lido';

/** Every script a built page loads without any interaction: its islands, their renderer, static imports. */
function scriptsOf(pagePath: string): Map<string, string> {
  const html = readFileSync(join(DIST, pagePath, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:component-url|renderer-url|src)="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const scripts = new Map<string, string>([
    ['inline', [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')],
  ]);
  while (queue.length > 0) {
    const url = queue.pop()!;
    if (scripts.has(url)) continue;
    const code = readFileSync(join(DIST, url), 'utf8');
    scripts.set(url, code);
    // Static imports only: a dynamic import (Stripe's step) loads after the donor proceeds.
    for (const m of code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g))
      queue.push(`/_astro/${m[1]!.slice(2)}`);
  }
  return scripts;
}

describe('each page ships one language', () => {
  it.each([
    ['English', `/en/campagne/${CAMPAIGN}/`, itDictionary, en],
    ['Italian', `/campagne/${CAMPAIGN}/`, en, itDictionary],
  ] as const)('the %s campaign page loads no word of the other language', (_name, page, other, own) => {
    expect(existsSync(join(DIST, page, 'index.html'))).toBe(true);
    const code = [...scriptsOf(page).values()].join('\n');
    // Its own words are there (the check reads the right files) ...
    expect(code).toContain(own.donate.title);
    expect(code).toContain(own.progress.label);
    // ... and none of the other language's.
    for (const sentence of [other.donate.title, other.donate.privacyLink, other.progress.label, other.errors.name, other.embed.copy]) {
      expect(code).not.toContain(sentence);
    }
  });

  it('the English donate form links the English privacy notice', () => {
    const html = readFileSync(join(DIST, 'en/campagne', CAMPAIGN, 'index.html'), 'utf8');
    expect(html).toContain('href="/en/privacy/"');
    expect(existsSync(join(DIST, 'en/privacy/index.html'))).toBe(true);
  });
});
