import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf, pageKey, pathsToRender, setPageCacheRun, type PageCacheRun } from '../../src/site/page-cache.ts';

afterEach(() => setPageCacheRun(undefined));

function newRun(fingerprint: string, kept: string[], dirs = { cacheDir: '/nowhere', outDir: '/nowhere' }): PageCacheRun {
  return { fingerprint, kept: new Set(kept), ...dirs, reused: new Map(), waiting: [], copiers: [], activeCopiers: 0, rendered: new Map() };
}

describe('pageKey', () => {
  const base = { fingerprint: 'f1', pathname: '/campagne/orti/', inputs: { campaign: 'abc', phase: 'open', progress: { daysLeft: 12 } } };

  it.each([
    ['another build fingerprint', { ...base, fingerprint: 'f2' }],
    ['another address', { ...base, pathname: '/en/campagne/orti/' }],
    ['another campaign digest', { ...base, inputs: { ...base.inputs, campaign: 'abd' } }],
    ['another phase', { ...base, inputs: { ...base.inputs, phase: 'closed' } }],
    ['one day less left', { ...base, inputs: { ...base.inputs, progress: { daysLeft: 11 } } }],
  ])('changes with %s', (_name, changed) => {
    expect(pageKey(changed.fingerprint, changed.pathname, changed.inputs)).not.toBe(pageKey(base.fingerprint, base.pathname, base.inputs));
  });

  it('is the same for the same inputs built anew', () => {
    expect(pageKey('f1', '/campagne/orti/', structuredClone(base.inputs))).toBe(pageKey(base.fingerprint, base.pathname, base.inputs));
  });

  it('reads dates, maps and sets by their contents', () => {
    const at = (iso: string) => ({ when: new Date(iso), tags: new Set(['a']), by: new Map([['k', 1]]) });
    expect(digestOf(at('2026-12-02T10:00:00Z'))).toBe(digestOf(at('2026-12-02T10:00:00Z')));
    expect(digestOf(at('2026-12-02T10:00:00Z'))).not.toBe(digestOf(at('2026-12-03T10:00:00Z')));
    expect(digestOf({ by: new Map([['k', 1]]) })).not.toBe(digestOf({ by: new Map([['k', 2]]) }));
    expect(digestOf({ tags: new Set(['a']) })).not.toBe(digestOf({ tags: new Set(['b']) }));
  });

  it('refuses inputs that are not data', () => {
    expect(() => digestOf({ render: () => 'html' })).toThrow(/data, not functions/);
  });
});

describe('pathsToRender', () => {
  const paths = ['a', 'b', 'c'].map((slug) => ({ slug, inputs: `inputs of ${slug}` }));
  const describePath = ({ slug, inputs }: (typeof paths)[number]) => ({ pathname: `/campagne/${slug}/`, inputs });

  it('renders every page when no build keeps pages (dev server, cache off)', () => {
    expect(pathsToRender(paths, describePath)).toEqual(paths);
  });

  it('leaves out the pages the cache holds and records both kinds', () => {
    const keyOfB = pageKey('f1', '/campagne/b/', 'inputs of b');
    const run = newRun('f1', [keyOfB]);
    setPageCacheRun(run);
    expect(pathsToRender(paths, describePath).map((path) => path.slug)).toEqual(['a', 'c']);
    expect([...run.reused]).toEqual([['/campagne/b/', keyOfB]]);
    expect([...run.rendered.keys()]).toEqual(['/campagne/a/', '/campagne/c/']);
  });

  it('renders a held page again when the build fingerprint differs', () => {
    setPageCacheRun(newRun('f2', [pageKey('f1', '/campagne/b/', 'inputs of b')]));
    expect(pathsToRender(paths, describePath)).toHaveLength(3);
  });

  it('refuses an address that is not a folder', () => {
    setPageCacheRun(newRun('f1', []));
    expect(() => pathsToRender(paths, ({ slug }) => ({ pathname: `/campagne/${slug}`, inputs: null }))).toThrow(/start and end with/);
  });

  it('copies the held pages into the output while the build goes on', async () => {
    const root = await mkdtemp(join(tmpdir(), 'page-cache-'));
    try {
      const cacheDir = join(root, 'cache');
      const outDir = join(root, 'dist');
      await mkdir(cacheDir);
      const kept = paths.map(({ slug, inputs }) => pageKey('f1', `/campagne/${slug}/`, inputs));
      await Promise.all(kept.map((key, index) => writeFile(join(cacheDir, `${key}.html`), `<h1>${paths[index]!.slug}</h1>`)));
      const run = newRun('f1', kept, { cacheDir, outDir });
      setPageCacheRun(run);
      expect(pathsToRender(paths, describePath)).toEqual([]);
      await Promise.all(run.copiers);
      for (const { slug } of paths) expect(await readFile(join(outDir, 'campagne', slug, 'index.html'), 'utf8')).toBe(`<h1>${slug}</h1>`);
      expect(run.activeCopiers).toBe(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('the collections every kept page may read', () => {
  it('are all the collections but the campaigns and the updates, which each page names itself', async () => {
    const source = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');
    const collections = [...(await source('src/content.config.ts')).matchAll(/^\s+(\w+): defineCollection\(/gm)].map((match) => match[1]);
    const shared = /SHARED_COLLECTIONS = \[([^\]]*)\]/.exec(await source('src/site/page-inputs.ts'))![1]!.match(/'(\w+)'/g)!;
    expect(collections.length).toBeGreaterThan(10);
    expect(new Set([...shared.map((name) => name.slice(1, -1)), 'campaigns', 'campaignsEn', 'updates', 'updatesEn'])).toEqual(
      new Set(collections),
    );
  });
});
