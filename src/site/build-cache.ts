/**
 * Where build artefacts that depend only on their input are kept between builds: under Astro's own
 * cacheDir (node_modules/.astro by default, beside its image transforms), so one folder holds every
 * cache, the bench's cold builds (each with its own cacheDir) start empty, and Netlify keeps it
 * between deploys through the local build plugin in netlify/plugins/astro-cache.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

export function buildCache(): AstroIntegration {
  return {
    name: 'venezia:build-cache',
    hooks: {
      'astro:config:done': ({ config }) => {
        // Read by src/site/og-image.ts while pages render, in this same process.
        process.env['OG_CACHE_DIR'] ??= fileURLToPath(new URL('og/', config.cacheDir));
      },
    },
  };
}
