import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf, pageKey, pathsToRender, setPageCacheRun, type PageCacheRun } from '../../src/site/page-cache.ts';
import { startPagePlacer } from '../../src/site/page-placer.ts';

afterEach(() => setPageCacheRun(undefined));

function newRun(fingerprint: string, kept: string[], place: PageCacheRun['place'] = () => undefined): PageCacheRun {
  return { fingerprint, kept: new Set(kept), reused: new Map(), place, rendered: new Map() };
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

  it('hands the held pages over to be put in place, once each', () => {
    const handed: (readonly [string, string])[] = [];
    const kept = paths.map(({ slug, inputs }) => pageKey('f1', `/campagne/${slug}/`, inputs));
    setPageCacheRun(newRun('f1', kept, (pages) => handed.push(...pages)));
    expect(pathsToRender(paths, describePath)).toEqual([]);
    expect(pathsToRender(paths, describePath)).toEqual([]);
    expect(handed).toEqual(paths.map(({ slug }, index) => [`/campagne/${slug}/`, kept[index]]));
  });
});

describe('startPagePlacer', () => {
  it('puts the pages handed over into the output, as links to the kept files, from another thread', async () => {
    const root = await mkdtemp(join(tmpdir(), 'page-placer-'));
    try {
      const cacheDir = join(root, 'cache');
      const outDir = join(root, 'dist');
      await mkdir(cacheDir);
      await Promise.all(['k1', 'k2', 'k3'].map((key) => writeFile(join(cacheDir, `${key}.html`), `<p>${key}</p>`)));
      const placer = startPagePlacer(cacheDir, outDir);
      placer.place([['/campagne/a/', 'k1']]);
      placer.place([
        ['/embed/a/progress/', 'k2'],
        ['/embed/a/progress/en/', 'k3'],
      ]);
      expect(await placer.finish()).toBe(3);
      expect(await readFile(join(outDir, 'campagne/a/index.html'), 'utf8')).toBe('<p>k1</p>');
      expect(await readFile(join(outDir, 'embed/a/progress/en/index.html'), 'utf8')).toBe('<p>k3</p>');
      expect((await stat(join(outDir, 'embed/a/progress/index.html'))).ino).toBe((await stat(join(cacheDir, 'k2.html'))).ino);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reports a page it cannot put in place', async () => {
    const root = await mkdtemp(join(tmpdir(), 'page-placer-'));
    try {
      const placer = startPagePlacer(join(root, 'cache'), join(root, 'dist'));
      placer.place([['/campagne/a/', 'missing']]);
      await expect(placer.finish()).rejects.toThrow(/could not be put in place: .*ENOENT/);
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
