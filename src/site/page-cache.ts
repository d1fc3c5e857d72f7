/**
 * Pages kept from one build to the next. Astro renders every page at every build; at 1,000 campaigns that
 * is 6,500 pages, most of them unchanged since the last deploy. A page family that opts in (campaign pages,
 * embeds, list pages) names, for each of its pages, everything the page is made from (its "inputs"); the
 * page's key is a hash of those inputs, of the build's fingerprint (the code, the dependencies, the settings:
 * see page-cache-integration.ts) and of the page's address. A page whose key was rendered by an earlier build
 * is left out of getStaticPaths and copied back from the cache when the build is done.
 *
 * Inputs must cover everything the page shows: the entries it reads (their digest and data, which carries the
 * content-hashed image names), what the clock decides (the phase, the days left: the values, not the date, so a
 * page is kept exactly as long as it would render the same) and what all pages share (`siteInputs`).
 * This module runs inside Astro's page bundle, while the integration runs in Astro's config: they share state
 * through a global set by the integration for `astro build` only, so `astro dev` renders every page as usual.
 */
import { createHash } from 'node:crypto';

export interface PageCacheRun {
  /** Hash of the code, dependencies and settings of this build. */
  fingerprint: string;
  /** Keys of the pages the cache holds. */
  kept: ReadonlySet<string>;
  /** Address -> key of the pages copied from the cache instead of rendered. */
  reused: Map<string, string>;
  /** Puts kept pages into the build's output, while the build renders the others (page-placer.ts). */
  place: (pages: readonly (readonly [pathname: string, key: string])[]) => void;
  /** Address -> key of the pages rendered by this build, stored when it is done. */
  rendered: Map<string, string>;
}

const RUN = Symbol.for('venezia.page-cache.run');
type WithRun = typeof globalThis & { [RUN]?: PageCacheRun | undefined };

export function currentPageCacheRun(): PageCacheRun | undefined {
  return (globalThis as WithRun)[RUN];
}

export function setPageCacheRun(run: PageCacheRun | undefined): void {
  (globalThis as WithRun)[RUN] = run;
}

/** Dates as ISO strings and Maps and Sets as lists, so equal inputs always hash alike. */
function stable(_key: string, value: unknown): unknown {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
  if (value instanceof Set) return [...(value as Set<unknown>)];
  if (typeof value === 'function' || typeof value === 'symbol') throw new Error('page inputs must be data, not functions or symbols');
  return value;
}

/** A short hash of any data: equal data, equal digest. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value, stable)).digest('hex').slice(0, 40);
}

export function pageKey(fingerprint: string, pathname: string, inputs: unknown): string {
  return digestOf([fingerprint, pathname, inputs]);
}

/**
 * The paths of a getStaticPaths that this build must render: those whose page the cache does not hold.
 * The others are recorded to be copied back. Without a run (dev server, tests, cache switched off), all of them.
 */
export function pathsToRender<P>(paths: readonly P[], describe: (path: P) => { pathname: string; inputs: unknown }): P[] {
  const run = currentPageCacheRun();
  if (!run) return [...paths];
  const keptHere: [string, string][] = [];
  const rendering = paths.filter((path) => {
    const { pathname, inputs } = describe(path);
    if (!pathname.startsWith('/') || !pathname.endsWith('/'))
      throw new Error(`a kept page's address must start and end with "/": ${pathname}`);
    const key = pageKey(run.fingerprint, pathname, inputs);
    if (run.kept.has(key)) {
      if (!run.reused.has(pathname)) keptHere.push([pathname, key]);
      run.reused.set(pathname, key);
      return false;
    }
    run.rendered.set(pathname, key);
    return true;
  });
  if (keptHere.length > 0) run.place(keptHere);
  return rendering;
}
