/**
 * Keeps rendered pages between builds (see page-cache.ts for which pages and how they are keyed). For
 * `astro build` only, in `<cacheDir>/pages/`: on Netlify that is node_modules/.astro, which the build plugin
 * netlify/plugins/astro-cache keeps between deploys. CIVIC_PAGE_CACHE=off renders every page.
 *
 * The build's fingerprint hashes what can change a page without changing its content inputs: the source
 * files, the dependencies (package-lock.json), the configuration, the public files, the site's address and the
 * payment mode. A page copied back may only name build assets (/_astro/...) this build has written; if one is
 * missing, the fingerprint failed to see a change, so the cache is emptied and the build stops with the reason
 * (the next build renders every page).
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentPageCacheRun, setPageCacheRun } from './page-cache.ts';
import { linkOrCopy, startPagePlacer, type PagePlacer } from './page-placer.ts';
import { paymentsMode } from './payments-mode.ts';

/** Files and folders of the project whose change may change any page. src/generated is made from content/. */
const CODE = ['src', 'public', 'package.json', 'package-lock.json', 'tsconfig.json'];
const GENERATED = /^src\/generated\//;
const ASTRO_CONFIG = /^astro\..*\.(mjs|js|ts|mts)$/;
const INDEX_FILE = 'index.json';
/** What a build asset is called in a page: /_astro/<name>, up to a quote, a space, a bracket or a query. */
const BUILD_ASSET = /\/_astro\/[^"'\s)?#&<>]+/g;

/** For each kept page, the build assets it names. */
type CacheIndex = Record<string, string[]>;

async function filesUnder(root: string, path: string): Promise<string[]> {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  const entries = await readdir(full, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  });
  if (entries === null) return [path];
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

export async function buildFingerprint(root: string, settings: Record<string, string | undefined>): Promise<string> {
  const configs = (await readdir(root)).filter((name) => ASTRO_CONFIG.test(name));
  const files = (await Promise.all([...CODE, ...configs].map((path) => filesUnder(root, path))))
    .flat()
    .filter((path) => !GENERATED.test(path))
    .sort();
  const hash = createHash('sha256').update(JSON.stringify(settings));
  const contents = await Promise.all(files.map((path) => readFile(join(root, path))));
  files.forEach((path, index) => hash.update(`\0${path}\0`).update(contents[index]!));
  return hash.digest('hex');
}

/**
 * On disk the index names each asset once and each page by the positions of its assets: most pages name the
 * same fonts, styles and scripts, and a list of names per page was 2 MB at 1,000 campaigns.
 */
interface IndexFile {
  version: 1;
  assets: string[];
  pages: Record<string, number[]>;
}

function encodeIndex(index: CacheIndex): IndexFile {
  const position = new Map<string, number>();
  const pages: Record<string, number[]> = {};
  for (const [key, assets] of Object.entries(index)) {
    pages[key] = assets.map((asset) => {
      let at = position.get(asset);
      if (at === undefined) {
        at = position.size;
        position.set(asset, at);
      }
      return at;
    });
  }
  return { version: 1, assets: [...position.keys()], pages };
}

async function readIndex(dir: string): Promise<CacheIndex> {
  try {
    const file = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as Partial<IndexFile>;
    const { assets, pages } = file;
    if (file.version !== 1 || !Array.isArray(assets) || !pages || typeof pages !== 'object') return {};
    const index: CacheIndex = {};
    for (const [key, positions] of Object.entries(pages)) {
      const names = positions.map((at) => assets[at]);
      // A page naming an asset the table lacks is not trusted: it is rendered again.
      if (names.every((name): name is string => typeof name === 'string')) index[key] = names;
    }
    return index;
  } catch {
    return {}; // no cache yet, or a broken one: render every page
  }
}

const pageFile = (out: string, pathname: string) => join(out, pathname, 'index.html');

export function keptPages(): AstroIntegration & { sitemapPages: string[] } {
  let cacheDir = '';
  let site: URL | undefined;
  let placer: PagePlacer | undefined;
  /** The index read when the build started: the kept pages' build assets. */
  let index: CacheIndex = {};
  /** Full addresses of the pages copied back, for the sitemap (which only lists the pages Astro rendered). */
  const sitemapPages: string[] = [];
  return {
    name: 'venezia:kept-pages',
    sitemapPages,
    hooks: {
      'astro:config:setup': async ({ command, config, logger }) => {
        setPageCacheRun(undefined);
        placer = undefined;
        if (command !== 'build' || process.env['CIVIC_PAGE_CACHE'] === 'off') return;
        cacheDir = join(fileURLToPath(config.cacheDir), 'pages');
        site = config.site ? new URL(config.site) : undefined;
        const root = fileURLToPath(config.root);
        const fingerprint = await buildFingerprint(root, {
          site: config.site,
          payments: paymentsMode(),
          nodeEnv: process.env['NODE_ENV'],
        });
        index = await readIndex(cacheDir);
        const onDisk = new Set(existsSync(cacheDir) ? await readdir(cacheDir) : []);
        const kept = new Set(Object.keys(index).filter((key) => onDisk.has(`${key}.html`)));
        const pagePlacer = startPagePlacer(cacheDir, fileURLToPath(config.outDir));
        placer = pagePlacer;
        setPageCacheRun({ fingerprint, kept, reused: new Map(), place: pagePlacer.place, rendered: new Map() });
        logger.info(`${kept.size} pages kept from earlier builds`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const run = currentPageCacheRun();
        if (!run || !placer) return;
        setPageCacheRun(undefined);
        const placed = await placer.finish();
        if (placed !== run.reused.size) throw new Error(`${run.reused.size} kept pages were to be put in dist/, ${placed} were`);
        const out = fileURLToPath(dir);
        const next: CacheIndex = {};
        await mkdir(cacheDir, { recursive: true });
        // Written again last: a build stopped half-way leaves no index, so the next one renders every page.
        await rm(join(cacheDir, INDEX_FILE), { force: true });

        const built = new Set((await readdir(join(out, '_astro')).catch(() => [] as string[])).map((name) => `/_astro/${name}`));
        const missing: string[] = [];
        for (const [pathname, key] of run.reused) {
          const assets = index[key] ?? [];
          for (const asset of assets) if (!built.has(asset)) missing.push(`${pathname} names ${asset}`);
          next[key] = assets;
        }
        if (missing.length > 0) {
          await rm(cacheDir, { recursive: true, force: true });
          throw new Error(
            `kept pages name build assets this build did not write (${missing.slice(0, 3).join('; ')}): ` +
              `the page cache is emptied, build again to render every page`,
          );
        }
        for (const [pathname, key] of run.rendered) {
          const file = pageFile(out, pathname);
          if (!existsSync(file)) throw new Error(`${pathname} was to be rendered by this build but there is no ${relative(out, file)}`);
          // Read synchronously: thousands of small reads are faster without a trip through the thread pool each.
          next[key] = [...new Set(readFileSync(file).toString('latin1').match(BUILD_ASSET) ?? [])];
        }
        // Only the pages of this build stay: the cache never grows past one site.
        const stale = (await readdir(cacheDir)).filter((name) => !(name.slice(0, -'.html'.length) in next));
        await Promise.all([
          ...stale.map((name) => rm(join(cacheDir, name), { force: true })),
          ...[...run.rendered].map(([pathname, key]) => linkOrCopy(pageFile(out, pathname), join(cacheDir, `${key}.html`))),
        ]);
        await writeFile(join(cacheDir, INDEX_FILE), JSON.stringify(encodeIndex(next)));
        if (site) sitemapPages.push(...[...run.reused.keys()].map((pathname) => new URL(pathname, site).href));
        logger.info(`${run.reused.size} pages copied from the cache, ${run.rendered.size} rendered and kept`);
      },
    },
  };
}
