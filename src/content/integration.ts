/**
 * Validates the content across files before Astro builds a page, and writes the catalog the
 * functions bundle. A wrong file stops the build with a message naming file and field.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { writeCatalog } from './load.ts';

export function contentCatalog(): AstroIntegration {
  return {
    name: 'venezia:content-catalog',
    hooks: {
      'astro:config:setup': async ({ config, logger }) => {
        const catalog = await writeCatalog(fileURLToPath(config.root));
        logger.info(`catalog: ${Object.keys(catalog.calls).length} calls, ${Object.keys(catalog.campaigns).length} campaigns, ${Object.keys(catalog.infodays).length} infodays, ${Object.keys(catalog.paths).length} paths`);
      },
    },
  };
}
