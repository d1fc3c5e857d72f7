/** The self-hosted server's stand-in for Netlify's Image CDN: resized on request, kept on disk by input. */
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageCdn } from '../../scripts/lib/image-cdn.ts';

let dir: string;
let dist: string;
let cacheDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'civic-image-cdn-'));
  dist = join(dir, 'dist');
  cacheDir = join(dir, 'cache');
  await mkdir(join(dist, '_astro'), { recursive: true });
  await mkdir(join(dist, 'images'), { recursive: true });
  const cover = await sharp({ create: { width: 1200, height: 675, channels: 3, background: '#0066cc' } })
    .jpeg()
    .toBuffer();
  await writeFile(join(dist, '_astro/cover.Ab3x.jpg'), cover);
  await writeFile(
    join(dist, 'images/logo.png'),
    await sharp({ create: { width: 300, height: 300, channels: 4, background: '#ffffff' } })
      .png()
      .toBuffer(),
  );
  await writeFile(join(dist, '_astro/not-a-picture.jpg'), 'hello');
  await writeFile(join(dir, 'secret.jpg'), cover);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const query = (text: string) => new URLSearchParams(text);

describe('GET /.netlify/images on the self-hosted server', () => {
  it("resizes to the asked width and format, immutable for Astro's content-hashed files", async () => {
    const images = createImageCdn({ dist, cacheDir });
    const answer = await images(query('url=/_astro/cover.Ab3x.jpg&w=480&fm=webp'));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('image/webp');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await sharp(answer.body).metadata()).toMatchObject({ format: 'webp', width: 480, height: 270 });
    // Never enlarged; a file outside /_astro/ may change between builds, so it is revalidated.
    const logo = await images(query('url=/images/logo.png&w=600'));
    expect(await sharp(logo.body).metadata()).toMatchObject({ format: 'png', width: 300, height: 300 });
    expect(logo.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const cropped = await images(query('url=/_astro/cover.Ab3x.jpg&w=1200&h=630&fit=cover&fm=jpg'));
    expect(await sharp(cropped.body).metadata()).toMatchObject({ format: 'jpeg', width: 1200, height: 630 });
  });

  it("keeps each result on disk under a key of the source's bytes and the transform: a restarted server reads it back", async () => {
    const asked = query('url=/_astro/cover.Ab3x.jpg&w=320&fm=webp');
    const first = await createImageCdn({ dist, cacheDir })(asked);
    const files = await readdir(cacheDir);
    const key = files.find((file) => !file.endsWith('.tmp'))!;
    // What a later server finds under that key is what it sends: nothing is resized again.
    const marker = Buffer.concat([first.body, Buffer.from('kept')]);
    for (const file of files) await writeFile(join(cacheDir, file), marker);
    const again = await createImageCdn({ dist, cacheDir })(asked);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(again.body.subarray(-4).toString()).toBe('kept');
    // Another picture under the same name (a new build) is another key.
    await writeFile(
      join(dist, '_astro/cover.Ab3x.jpg'),
      await sharp({ create: { width: 800, height: 450, channels: 3, background: '#aa3300' } })
        .jpeg()
        .toBuffer(),
    );
    const changed = await createImageCdn({ dist, cacheDir })(asked);
    expect(changed.body.subarray(-4).toString()).not.toBe('kept');
    expect((await sharp(changed.body).metadata()).width).toBe(320);
  });

  it.each([
    ['url=/_astro/missing.jpg&w=10', 404, 'not_found'],
    ['url=/../secret.jpg', 400, 'invalid_query'],
    ['url=https://evil.example/x.jpg', 400, 'invalid_query'],
    ['url=/_astro/cover.Ab3x.jpg&w=99999', 400, 'invalid_query'],
    ['url=/_astro/not-a-picture.jpg&w=10', 400, 'invalid_query'],
  ])('%s: %i, JSON error %s', async (text, status, code) => {
    const answer = await createImageCdn({ dist, cacheDir })(query(text));
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body.toString())).toEqual({ error: { code, message: expect.any(String) } });
  });
});
