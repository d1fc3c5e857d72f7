// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { contentCatalog } from './src/content/integration.ts';

export default defineConfig({
  // Netlify sets URL to the site's address at build time; locally `npm start` serves it here.
  site: process.env.URL ?? 'http://localhost:8888',
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [contentCatalog(), mdx(), preact()],
});
