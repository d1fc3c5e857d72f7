/**
 * Astro's image service for production builds: it transforms nothing at build time. `<Image>` gets URLs
 * of Netlify's Image CDN (`/.netlify/images?url=<original>&w=<width>&fm=<format>`), which resizes on
 * the first request and keeps the result at the edge. The originals are content-hashed files of the build
 * (`/_astro/cover.<hash>.jpg`), so a URL always names the same picture. Self-hosted and under `npm start`,
 * scripts/lib/serve.ts answers the same URLs (sharp, cached on disk by input). Registered by
 * onDemandImages() (src/site/image-cdn.ts) for `astro build` only: `astro dev` keeps Astro's own service.
 */
import type { ExternalImageService, ImageTransform } from 'astro';
import { baseService } from 'astro/assets';

export const IMAGE_CDN_PATH = '/.netlify/images';

const service: ExternalImageService = {
  validateOptions: baseService.validateOptions!,
  getHTMLAttributes: baseService.getHTMLAttributes!,
  getSrcSet: baseService.getSrcSet!,
  getURL(options: ImageTransform) {
    const src = typeof options.src === 'string' ? options.src : options.src.src;
    // Remote or inline images are not ours to resize.
    if (!src.startsWith('/') || src.startsWith('//')) return src;
    const params = new URLSearchParams({ url: src });
    // The width alone keeps the picture's proportions (the height is for an image given only a height).
    if (options.width) params.set('w', String(options.width));
    else if (options.height) params.set('h', String(options.height));
    if (options.format) params.set('fm', options.format === 'jpeg' ? 'jpg' : options.format);
    if (typeof options.quality === 'number') params.set('q', String(options.quality));
    return `${IMAGE_CDN_PATH}?${params}`;
  },
};

export default service;
