// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { contentCatalog } from './src/content/integration.ts';
import { onDemandImages } from './src/site/image-cdn.ts';
import { interactionDirective } from './src/components/interaction-directive.ts';
import { keptPages } from './src/site/page-cache-integration.ts';

// Pages unchanged since the last build are copied from the cache, not rendered again (src/site/page-cache.ts).
const pageCache = keptPages();

/**
 * @astrojs/preact always hands every JSX file to Babel, for the development helpers of @preact/preset-vite.
 * A build needs only the JSX compiled to Preact's automatic runtime, which Vite's own transform (oxc, set below)
 * does in Rust: this takes the Babel step out of builds (0.3 s of every build). `astro dev` keeps it.
 * @type {import('vite').Plugin}
 */
const jsxWithoutBabel = {
  name: 'venezia:jsx-without-babel',
  apply: 'build',
  configResolved(config) {
    const preactJsx = config.plugins.find((plugin) => plugin.name === 'vite:preact-jsx');
    if (!preactJsx)
      throw new Error('@preact/preset-vite no longer has the vite:preact-jsx plugin: review jsxWithoutBabel in astro.config.mjs');
    Object.assign(preactJsx, { transform: undefined });
  },
};

export default defineConfig({
  vite: { plugins: [jsxWithoutBabel], oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } } },
  // Netlify sets URL to the site's address at build time; locally `npm start` serves it here.
  site: process.env.URL ?? 'http://localhost:8888',
  output: 'static',
  // Pages render four at a time: one page's file writes overlap another's rendering. On two cores this cut a
  // 1,000-campaign build from 23.1 s to 20.3 s (a third of the time was the main thread waiting on the disk);
  // 8 and 16 were no faster. The pages are the same but for what differs between any two builds (the build's
  // timestamp, Astro's island ids).
  build: { concurrency: 4 },
  trailingSlash: 'ignore',
  // The dev toolbar would sit over the content editor's buttons (`npm run cms` runs `astro dev`).
  devToolbar: { enabled: false },
  // Italian at /, English at /en/ with the same path after the prefix (src/site/i18n.ts).
  i18n: { locales: ['it', 'en'], defaultLocale: 'it', routing: { prefixDefaultLocale: false } },
  integrations: [
    contentCatalog(),
    onDemandImages(),
    interactionDirective(),
    mdx(),
    // The components are the .tsx files: the renderer claims those only, and `astro dev`'s Babel step (see
    // jsxWithoutBabel) no longer parses every .ts module (0.6 s of every build before).
    preact({ include: ['**/*.tsx'] }),
    pageCache,
    sitemap({
      // The pages copied from the cache, which Astro does not list as built.
      customPages: pageCache.sitemapPages,
      i18n: { defaultLocale: 'it', locales: { it: 'it-IT', en: 'en-GB' } },
      filter: (page) => !/\/404\/?$|\/cerca\/?$|\/embed\/|\/donazione\/|\/iscrizione\/?$|\/admin\//.test(page),
    }),
  ],
});
