/**
 * Draws an Open Graph card: satori lays it out with the self-hosted Titillium Web and turns text into
 * paths, sharp (libvips) rasterises the SVG to a 1200x630 PNG. Campaign cards are drawn on request by
 * functions/og-image.ts (and cached by the CDN under a URL that carries the card's version, see card.ts);
 * only the site's generic card is drawn at build time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import satori from 'satori';
import sharp from 'sharp';
import type { OgCard } from './card.ts';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

// From the working directory: the project's root under `npm start`, the build and the tests; the function's
// root on Netlify, where netlify.toml's `included_files` puts these two files at the same relative path.
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

type Node = { type: string; props: { style?: Record<string, unknown>; children?: (Node | string)[] | Node | string } };
const el = (type: string, style: Record<string, unknown>, children: (Node | string)[] | string): Node => ({
  type,
  props: { style, children },
});

export async function ogPng(card: OgCard): Promise<Uint8Array> {
  const tree = el(
    'div',
    {
      width: '100%',
      height: '100%',
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      background: '#0066cc',
      color: '#fff',
      padding: '64px 72px',
      fontFamily: 'Titillium Web',
    },
    [
      el('div', { display: 'flex', fontSize: 30, fontWeight: 700, letterSpacing: 1 }, card.kicker),
      el('div', { display: 'flex', flexDirection: 'column' }, [
        el('div', { display: 'flex', fontSize: card.title.length > 60 ? 56 : 68, fontWeight: 700, lineHeight: 1.1 }, card.title),
        ...card.lines.map((line) => el('div', { display: 'flex', fontSize: 32, marginTop: 20 }, line)),
      ]),
      el('div', { display: 'flex', fontSize: 28, borderTop: '3px solid #fff', paddingTop: 20 }, card.footer),
    ],
  );
  // satori takes React-like nodes; plain objects of that shape are what it reads.
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], {
    width: OG_WIDTH,
    height: OG_HEIGHT,
    fonts: await loadFonts(),
  });
  // Light compression: the card is flat colour, so level 3 costs little in size and much less in time.
  return sharp(Buffer.from(svg)).png({ compressionLevel: 3 }).toBuffer();
}

export function pngResponse(png: Uint8Array, headers: Record<string, string> = {}): Response {
  return new Response(png as unknown as BodyInit, { headers: { 'content-type': 'image/png', ...headers } });
}
