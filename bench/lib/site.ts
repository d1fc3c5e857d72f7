/** Which pages the built site has: the benchmark measures those that exist and says which do not. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../src/content/catalog.ts';

export interface SitePage {
  name: string;
  /** Path on the site, or null when the built site has no such page yet. */
  path: string | null;
}

function firstExisting(dist: string, paths: string[]): string | null {
  for (const path of paths) {
    const trimmed = path.replace(/^\//, '');
    const candidates = path.endsWith('/')
      ? [join(dist, trimmed, 'index.html')]
      : [join(dist, trimmed, 'index.html'), join(dist, `${trimmed}.html`)];
    if (candidates.some((file) => existsSync(file))) return path;
  }
  return null;
}

/** The campaign the page measurements use: the first open campaign with a goal, by slug. */
export function openCampaign(root: string, now = new Date()): string {
  const catalog = JSON.parse(readFileSync(join(root, 'src/generated/catalog.json'), 'utf8')) as Catalog;
  const open = Object.values(catalog.campaigns)
    .filter(
      (c) =>
        !c.historical &&
        !c.cancelled &&
        c.goalCents !== null &&
        c.closesAt !== null &&
        new Date(c.opensAt) <= now &&
        now < new Date(c.closesAt),
    )
    .sort((a, b) => a.slug.localeCompare(b.slug));
  if (!open[0]) throw new Error('the built catalog has no open campaign');
  return open[0].slug;
}

export function sitePages(root: string, slug: string): SitePage[] {
  const dist = join(root, 'dist');
  return [
    { name: 'home', path: firstExisting(dist, ['/']) },
    { name: 'campaigns list', path: firstExisting(dist, ['/campagne/']) },
    { name: 'campaign page', path: firstExisting(dist, [`/campagne/${slug}/`]) },
    { name: 'embed: progress', path: firstExisting(dist, [`/embed/${slug}/progress`, `/embed/${slug}/progress/`]) },
    { name: 'embed: donate', path: firstExisting(dist, [`/embed/${slug}/donate`, `/embed/${slug}/donate/`]) },
  ];
}
