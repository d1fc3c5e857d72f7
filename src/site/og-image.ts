/**
 * Open Graph images, rendered at build time offline: satori lays out the card with the self-hosted
 * Titillium Web and turns text into paths, sharp (libvips, already at work for Astro's images)
 * rasterises the SVG to a 1200x630 PNG, several times faster than resvg did. Each PNG is
 * kept in a cache keyed by a hash of everything that draws it (the laid-out card and the fonts), so
 * an unchanged campaign costs one file read at the next build (see buildCache() for the folder).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import satori from 'satori';
import sharp from 'sharp';

const FONT_DIR = join(process.cwd(), 'node_modules/@fontsource/titillium-web/files');
let fonts: Promise<{ name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[]> | null = null;

function loadFonts() {
  fonts ??= Promise.all(
    ([400, 700] as const).map(async (weight) => ({
      name: 'Titillium Web',
      data: await readFile(join(FONT_DIR, `titillium-web-latin-${weight}-normal.woff`)),
      weight,
      style: 'normal' as const,
    })),
  );
  return fonts;
}

export interface OgCard {
  kicker: string;
  title: string;
  lines: string[];
  footer: string;
}

type Node = { type: string; props: { style?: Record<string, unknown>; children?: (Node | string)[] | Node | string } };
const el = (type: string, style: Record<string, unknown>, children: (Node | string)[] | string): Node => ({ type, props: { style, children } });

export async function ogPng(card: OgCard): Promise<Uint8Array> {
  const tree = el('div', { width: '100%', height: '100%', display: 'flex', flexDirection: 'column', justifyContent: 'space-between', background: '#0066cc', color: '#fff', padding: '64px 72px', fontFamily: 'Titillium Web' }, [
    el('div', { display: 'flex', fontSize: 30, fontWeight: 700, letterSpacing: 1 }, card.kicker),
    el('div', { display: 'flex', flexDirection: 'column' }, [
      el('div', { display: 'flex', fontSize: card.title.length > 60 ? 56 : 68, fontWeight: 700, lineHeight: 1.1 }, card.title),
      ...card.lines.map((line) => el('div', { display: 'flex', fontSize: 32, marginTop: 20 }, line)),
    ]),
    el('div', { display: 'flex', fontSize: 28, borderTop: '3px solid #fff', paddingTop: 20 }, card.footer),
  ]);
  const loaded = await loadFonts();
  const cacheDir = process.env['OG_CACHE_DIR'];
  const key = createHash('sha256').update(JSON.stringify(tree)).update(await fontsHash(loaded)).digest('hex');
  const cached = cacheDir ? await readFile(join(cacheDir, `${key}.png`)).catch(() => null) : null;
  if (cached) return cached;
  // satori takes React-like nodes; plain objects of that shape are what it reads.
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], { width: 1200, height: 630, fonts: loaded });
  // Light compression: the card is flat colour, so level 3 costs little in size and much less in time.
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 3 }).toBuffer();
  if (cacheDir) {
    await mkdir(cacheDir, { recursive: true });
    // Write then rename: a build stopped halfway never leaves a truncated PNG under a valid key.
    const partial = join(cacheDir, `${key}.${process.pid}.tmp`);
    await writeFile(partial, png);
    await rename(partial, join(cacheDir, `${key}.png`));
  }
  return png;
}

let fontsDigest: Promise<string> | null = null;

function fontsHash(loaded: { data: Buffer }[]): Promise<string> {
  fontsDigest ??= Promise.resolve(loaded.reduce((hash, font) => hash.update(font.data), createHash('sha256')).digest('hex'));
  return fontsDigest;
}

export function pngResponse(png: Uint8Array): Response {
  return new Response(png as unknown as BodyInit, { headers: { 'content-type': 'image/png' } });
}
