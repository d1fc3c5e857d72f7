// Keeps Astro's cacheDir (node_modules/.astro: the content store, i.e. parsed Markdown, and the pages kept
// between builds, src/site/page-cache.ts) between Netlify builds with Netlify's own build cache, so an
// unchanged campaign is neither parsed nor rendered again at the next deploy.
// (Images and Open Graph cards are not made at build time: Netlify's Image CDN and functions/og-image.ts.)
// Netlify's dependency cache may keep node_modules too, but only while the lock file is unchanged: this restores the folder whatever happened to node_modules.
const CACHE = 'node_modules/.astro';

export const onPreBuild = async ({ utils }) => {
  if (await utils.cache.restore(CACHE)) console.log(`astro-cache: restored ${CACHE}`);
  else console.log(`astro-cache: nothing cached yet in ${CACHE}`);
};

export const onPostBuild = async ({ utils }) => {
  if (await utils.cache.save(CACHE)) console.log(`astro-cache: saved ${CACHE}`);
};
