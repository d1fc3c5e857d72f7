/**
 * The query of an image URL in Netlify Image CDN's terms (`/.netlify/images?url=&w=&h=&fit=&fm=&q=`), checked.
 * Pure: scripts/lib/image-cdn.ts does the resizing for the self-hosted server; on Netlify the CDN does it.
 * Only the subset the site's image service (src/site/image-service.ts) writes, plus `h` and `fit`, is taken;
 * anything else is refused rather than silently ignored.
 */

export type ImageFormat = 'avif' | 'jpg' | 'png' | 'webp';
export type ImageFit = 'contain' | 'cover' | 'fill';

export interface ImageRequest {
  /** A path of the site's own files, e.g. /_astro/cover.3Fh2k.jpg. */
  source: string;
  width: number | null;
  height: number | null;
  fit: ImageFit;
  /** Null: the source's own format. */
  format: ImageFormat | null;
  quality: number;
}

export const MAX_IMAGE_SIDE = 4000;
const DEFAULT_QUALITY = 75;
const SOURCE = /^\/(?!\/)[A-Za-z0-9._~\-/]+\.(?:jpe?g|png|webp|avif|gif)$/i;
const KNOWN = new Set(['url', 'w', 'h', 'fit', 'fm', 'q']);
const FORMATS: Record<string, ImageFormat> = { avif: 'avif', jpg: 'jpg', jpeg: 'jpg', png: 'png', webp: 'webp' };

export type Parsed = { ok: true; request: ImageRequest } | { ok: false; message: string };

function integer(value: string | null, name: string, min: number, max: number): number | null | string {
  if (value === null) return null;
  if (!/^\d{1,5}$/.test(value)) return `${name} must be a whole number`;
  const number = Number(value);
  return number < min || number > max ? `${name} must be between ${min} and ${max}` : number;
}

export function parseImageRequest(query: URLSearchParams): Parsed {
  for (const key of query.keys()) if (!KNOWN.has(key)) return { ok: false, message: `unknown parameter "${key}"` };
  for (const key of KNOWN) if (query.getAll(key).length > 1) return { ok: false, message: `"${key}" is given more than once` };
  const source = query.get('url');
  // A path of this site only: no other host, no `..`, no query; the file's type says it is a picture.
  if (source === null || !SOURCE.test(source) || source.split('/').some((part) => part === '..' || part === '.')) {
    return { ok: false, message: "url must be the path of one of the site's own images" };
  }
  const width = integer(query.get('w'), 'w', 1, MAX_IMAGE_SIDE);
  if (typeof width === 'string') return { ok: false, message: width };
  const height = integer(query.get('h'), 'h', 1, MAX_IMAGE_SIDE);
  if (typeof height === 'string') return { ok: false, message: height };
  const quality = integer(query.get('q'), 'q', 1, 100);
  if (typeof quality === 'string') return { ok: false, message: quality };
  const fit = query.get('fit') ?? 'contain';
  if (fit !== 'contain' && fit !== 'cover' && fit !== 'fill') return { ok: false, message: 'fit must be contain, cover or fill' };
  const fm = query.get('fm');
  const format = fm !== null && Object.hasOwn(FORMATS, fm.toLowerCase()) ? FORMATS[fm.toLowerCase()]! : null;
  if (fm !== null && format === null) return { ok: false, message: 'fm must be avif, jpg, png or webp' };
  return { ok: true, request: { source, width, height, fit, format, quality: quality ?? DEFAULT_QUALITY } };
}
