/**
 * What Netlify's Image CDN does on Netlify, for the self-hosted server: `GET /.netlify/images?url=...` resizes
 * one of the built site's images with sharp on its first request. Each result is kept on disk under a key
 * made of the source's bytes and the transform, so a restart or a new build that did not change the picture
 * serves it from the cache; the site's image service (src/site/image-service.ts) writes these URLs.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { parseImageRequest, type ImageFormat, type ImageRequest } from '../../src/server/http/image-request.ts';

export interface ImageAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const TYPES: Record<ImageFormat, string> = { avif: 'image/avif', jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
// Netlify's `contain` keeps the whole picture inside the box without padding it: sharp's `inside`.
const FITS = { contain: 'inside', cover: 'cover', fill: 'fill' } as const;
const SOURCE_FORMATS: Record<string, ImageFormat> = {
  jpeg: 'jpg',
  jpg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  heif: 'avif',
  gif: 'png',
};

const error = (status: number, code: string, message: string): ImageAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  body: Buffer.from(JSON.stringify({ error: { code, message } })),
});

export function createImageCdn(options: { dist: string; cacheDir: string }) {
  const dist = resolve(options.dist);
  // dist/ does not change under a running server: each source is read and hashed once.
  const sources = new Map<string, Promise<{ bytes: Buffer; digest: string } | null>>();
  const inFlight = new Map<string, Promise<{ body: Buffer; type: string }>>();

  function source(path: string) {
    let known = sources.get(path);
    if (!known) {
      const file = resolve(dist, `.${path}`);
      known = !file.startsWith(dist + sep)
        ? Promise.resolve(null)
        : readFile(file).then(
            (bytes) => ({ bytes, digest: createHash('sha256').update(bytes).digest('hex') }),
            () => null,
          );
      sources.set(path, known);
      // Misses are not remembered: no request can grow this map beyond the files of dist/.
      void known.then((found) => found ?? sources.delete(path));
    }
    return known;
  }

  async function transform(request: ImageRequest, bytes: Buffer, key: string): Promise<{ body: Buffer; type: string }> {
    const { default: sharp } = await import('sharp');
    const cached = join(options.cacheDir, key);
    const hit = await readFile(cached).catch(() => null);
    const image = sharp(bytes, { failOn: 'error' });
    const format = request.format ?? SOURCE_FORMATS[(await image.metadata()).format] ?? 'png';
    if (hit) return { body: hit, type: TYPES[format] };
    // Never larger than the original, as the CDN does: a srcset never asks for more than it has.
    const resized =
      request.width === null && request.height === null
        ? image
        : image.resize({
            width: request.width ?? undefined,
            height: request.height ?? undefined,
            fit: FITS[request.fit],
            withoutEnlargement: true,
          });
    const body = await resized.toFormat(format === 'jpg' ? 'jpeg' : format, { quality: request.quality }).toBuffer();
    await mkdir(options.cacheDir, { recursive: true });
    // Write then rename: a server stopped halfway never leaves a truncated file under a valid key.
    const partial = `${cached}.${process.pid}.tmp`;
    await writeFile(partial, body);
    await rename(partial, cached);
    return { body, type: TYPES[format] };
  }

  return async function answer(query: URLSearchParams): Promise<ImageAnswer> {
    const parsed = parseImageRequest(query);
    if (!parsed.ok) return error(400, 'invalid_query', `Image address: ${parsed.message}.`);
    const { request } = parsed;
    const found = await source(request.source);
    if (!found) return error(404, 'not_found', 'There is no such image.');
    const key = createHash('sha256')
      .update(found.digest)
      .update(JSON.stringify({ ...request, source: undefined }))
      .digest('hex');
    let work = inFlight.get(key);
    if (!work) {
      work = transform(request, found.bytes, key).finally(() => inFlight.delete(key));
      inFlight.set(key, work);
    }
    let result: { body: Buffer; type: string };
    try {
      result = await work;
    } catch {
      return error(400, 'invalid_query', 'This file cannot be read as an image.');
    }
    // Astro's files (/_astro/name.<hash>.jpg) are named by their content: their transforms never change.
    const immutable = request.source.startsWith('/_astro/');
    return {
      status: 200,
      headers: {
        'content-type': result.type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
        'x-content-type-options': 'nosniff',
        'content-length': String(result.body.length),
      },
      body: result.body,
    };
  };
}
