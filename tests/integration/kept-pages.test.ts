/**
 * Pages kept between builds (src/site/page-cache.ts), on a copy of the project with the example content:
 * a rebuild must write exactly the site a build without the cache writes, after an edit, after the clock
 * moved on, and after a change to the code; a cache that names assets the build lacks must stop the build.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, copyProject, tempDir, type BuildRun } from '../../bench/lib/project.ts';

const NOW = '2026-12-02T10:00:00.000Z';
const A_DAY_LATER = '2026-12-03T10:00:00.000Z';
const EDITED = 'esempio-orti-condivisi-marghera';
const UNTOUCHED = 'esempio-rive-pulite-burano';
const BUILD_MS = 150_000;

let dir = '';

beforeAll(async () => {
  dir = await tempDir('kept-pages');
  await copyProject(dir, { copyContent: true });
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function build(options: { now?: string; cache?: 'off'; cold?: boolean } = {}): Promise<BuildRun> {
  const run = await astroBuild(dir, {
    env: {
      NODE_ENV: 'test',
      CIVIC_TEST_NOW: options.now ?? NOW,
      ...(options.cache && { CIVIC_PAGE_CACHE: options.cache }),
    },
    timeoutMs: BUILD_MS,
    keepCache: !options.cold,
  });
  if (!run.ok) throw new Error(`the build failed:\n${run.output.slice(-3_000)}`);
  return run;
}

/** Every file of dist/ and a hash of its bytes. */
async function site(): Promise<Record<string, string>> {
  const out = join(dir, 'dist');
  const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const entries = await Promise.all(
    files.map(async (file) => {
      const path = join(file.parentPath, file.name);
      return [
        path.slice(out.length),
        createHash('sha256')
          .update(await readFile(path))
          .digest('hex'),
      ] as const;
    }),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

function counts(run: BuildRun): { copied: number; rendered: number } {
  const match = /(\d+) pages copied from the cache, (\d+) rendered and kept/.exec(run.output);
  if (!match) throw new Error(`no page cache summary in the build's output:\n${run.output.slice(-2_000)}`);
  return { copied: Number(match[1]), rendered: Number(match[2]) };
}

// Astro colours its output when CI is set, whatever the terminal.
// eslint-disable-next-line no-control-regex -- the escape sequences are what this removes
const COLOURS = /\x1b\[[0-9;]*m/g;

/** The pages Astro rendered, as its build lists them. */
function renderedPages(run: BuildRun): Set<string> {
  const pages = new Set([...run.output.replace(COLOURS, '').matchAll(/[├└]─ (\/\S+)/g)].map((match) => match[1]!));
  // Every build renders the pages that are never kept (the home page, 404): none listed means the list was not read.
  if (!pages.has('/index.html')) throw new Error(`no list of rendered pages in the build's output:\n${run.output.slice(-2_000)}`);
  return pages;
}

describe('pages kept between builds', () => {
  it('a rebuild with nothing changed renders none of the kept pages and writes the same site', { timeout: 3 * BUILD_MS }, async () => {
    const cold = await build({ cold: true });
    expect(counts(cold).copied).toBe(0);
    const first = await site();
    const warm = await build();
    // Campaign pages (2 per campaign), embeds, list and organisation pages.
    expect(counts(warm)).toEqual({ copied: counts(cold).rendered, rendered: 0 });
    expect(counts(warm).copied).toBeGreaterThan(40);
    expect(renderedPages(warm)).not.toContain(`/campagne/${UNTOUCHED}/index.html`);
    expect(await site()).toEqual(first);
  });

  it(
    "after an edit of a campaign's text, renders its own pages only and equals a build without the cache",
    { timeout: 3 * BUILD_MS },
    async () => {
      const file = join(dir, 'content/campaigns', `${EDITED}.md`);
      await writeFile(file, `${await readFile(file, 'utf8')}\nIl primo raccolto è andato alla mensa del quartiere.\n`);
      const warm = await build();
      const rendered = renderedPages(warm);
      expect(rendered).toContain(`/campagne/${EDITED}/index.html`);
      expect(rendered).toContain(`/en/campagne/${EDITED}/index.html`);
      // Cards, lists, organisation pages and embeds do not show the text.
      expect(rendered).not.toContain(`/embed/${EDITED}/progress/index.html`);
      expect([...rendered].filter((page) => /^\/(en\/)?(organizzazioni\/[^/]+\/|campagne\/[^/]+\/[^/]+\/)/.test(page))).toEqual([]);
      const kept = await site();
      expect(await readFile(join(dir, 'dist/campagne', EDITED, 'index.html'), 'utf8')).toContain('alla mensa del quartiere');
      await build({ cache: 'off' });
      expect(await site()).toEqual(kept);
    },
  );

  it(
    'after an edit of what cards show, renders the pages that show the campaign and equals a build without the cache',
    { timeout: 3 * BUILD_MS },
    async () => {
      const file = join(dir, 'content/campaigns', `${EDITED}.md`);
      const source = await readFile(file, 'utf8');
      await writeFile(file, source.replace(/^title: .*$/m, 'title: "Orti condivisi a Marghera, secondo anno"'));
      const warm = await build();
      const rendered = renderedPages(warm);
      for (const page of [
        `/campagne/${EDITED}/index.html`,
        `/en/campagne/${EDITED}/index.html`,
        `/embed/${EDITED}/progress/index.html`,
        `/embed/${EDITED}/donate/en/index.html`,
      ])
        expect(rendered).toContain(page);
      expect(rendered).not.toContain(`/campagne/${UNTOUCHED}/index.html`);
      expect(rendered).not.toContain(`/embed/${UNTOUCHED}/progress/index.html`);
      expect(counts(warm).copied).toBeGreaterThan(0);
      const kept = await site();
      expect(await readFile(join(dir, 'dist/campagne', EDITED, 'index.html'), 'utf8')).toContain('Orti condivisi a Marghera, secondo anno');

      await build({ cache: 'off' });
      expect(await site()).toEqual(kept);
    },
  );

  it('a day later, renders again what the clock changed and equals a build without the cache', { timeout: 3 * BUILD_MS }, async () => {
    const warm = await build({ now: A_DAY_LATER });
    // The open campaigns show one day less: their pages change.
    expect(renderedPages(warm)).toContain(`/campagne/${UNTOUCHED}/index.html`);
    const kept = await site();
    await build({ now: A_DAY_LATER, cache: 'off' });
    expect(await site()).toEqual(kept);
  });

  it('renders every page after a change to the code', { timeout: 2 * BUILD_MS }, async () => {
    await writeFile(join(dir, 'src/site/unused-by-the-test.ts'), 'export const touched = true;\n');
    const run = await build({ now: A_DAY_LATER });
    expect(counts(run).copied).toBe(0);
    expect(counts(run).rendered).toBeGreaterThan(40);
  });

  it(
    'stops the build and empties the cache when a kept page names an asset the build did not write',
    { timeout: 3 * BUILD_MS },
    async () => {
      const indexFile = join(dir, '.bench-cache/pages/index.json');
      const index = JSON.parse(await readFile(indexFile, 'utf8')) as { assets: string[]; pages: Record<string, number[]> };
      const [key] = Object.keys(index.pages);
      index.pages[key!]!.push(index.assets.push('/_astro/gone.js') - 1);
      await writeFile(indexFile, JSON.stringify(index));
      const failed = await astroBuild(dir, {
        env: { NODE_ENV: 'test', CIVIC_TEST_NOW: A_DAY_LATER },
        timeoutMs: BUILD_MS,
        keepCache: true,
      });
      expect(failed.ok).toBe(false);
      expect(failed.output).toMatch(/names \/_astro\/gone\.js/);
      expect(failed.output).toMatch(/the page cache is emptied, build again/);
      const next = await build({ now: A_DAY_LATER });
      expect(counts(next).copied).toBe(0);
    },
  );
});
