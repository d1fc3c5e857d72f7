/**
 * Images resized on request instead of at build time (see image-service.ts): a campaign's cover then costs
 * the build nothing, cold or warm. Only for `astro build`: the dev server (and the content editor's preview)
 * keeps Astro's own sharp service, which serves its transforms itself.
 */
import type { AstroIntegration } from 'astro';

export function onDemandImages(): AstroIntegration {
  return {
    name: 'venezia:on-demand-images',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command !== 'build') return;
        updateConfig({ image: { service: { entrypoint: new URL('./image-service.ts', import.meta.url).pathname, config: {} } } });
      },
    },
  };
}
