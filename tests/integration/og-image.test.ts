/** Open Graph cards drawn on request (functions/og-image.ts, og-default.ts), with the catalog the functions bundle. */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createApp } from '../../src/server/app.ts';
import { getCampaignOgImage, getDefaultOgImage } from '../../src/server/http/og-image.ts';
import { cardVersion, catalogCampaignCard } from '../../src/server/og/card.ts';
import { testCall, testCampaign, testCatalog, testConfig } from '../support/app.ts';

const call = testCall({ edition: 2027 });
const example = testCall({ id: 'example-call', example: true });
const catalog = testCatalog(
  [call, example],
  [
    testCampaign(call, 'orti', { title: 'Orti condivisi', titleEn: 'Shared gardens', organisations: ['filo-verde', 'laguna'] }),
    testCampaign(example, 'rive', { title: 'Rive pulite' }),
  ],
);
// No database: drawing a card reads only the catalog.
const app = createApp(testConfig(), catalog);

const get = (path: string, slug: string) => getCampaignOgImage(app, new Request(`http://localhost${path}`), { slug });

describe('GET /og/campagne/{slug}.png', () => {
  it('draws a 1200x630 PNG, kept for a year when the URL names the current version of the card', async () => {
    const version = cardVersion(catalogCampaignCard(catalog, 'orti', 'it')!);
    const response = await get(`/og/campagne/orti.png?v=${version}`, 'orti');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const png = Buffer.from(await response.arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
  });

  it('an old or missing version still gets the current card, kept only briefly', async () => {
    for (const path of ['/og/campagne/orti.png', '/og/campagne/orti.png?v=0000000000000000']) {
      const response = await get(path, 'orti');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).width).toBe(1200);
    }
  });

  it('the English card has the English title and its own version', async () => {
    const it_ = catalogCampaignCard(catalog, 'orti', 'it')!;
    const en = catalogCampaignCard(catalog, 'orti', 'en')!;
    expect(it_.title).toBe('Orti condivisi');
    expect(en.title).toBe('Shared gardens');
    expect(en.lines[0]).toBe('Organisation filo-verde, Organisation laguna');
    expect(it_.footer).toBe('Avviso 2027');
    expect(cardVersion(en)).not.toBe(cardVersion(it_));
    const response = await get(`/en/og/campagne/orti.png?v=${cardVersion(en)}`, 'orti');
    expect(response.headers.get('cache-control')).toContain('immutable');
    // Without a translation the English card keeps the Italian title; an example edition says it is one.
    const rive = catalogCampaignCard(catalog, 'rive', 'en')!;
    expect(rive.title).toBe('Rive pulite');
    expect(rive.footer).toMatch(/example/i);
  });

  it.each(['nope', '', '__proto__', 'constructor'])('an unknown campaign (%j) is a 404 in JSON, nothing drawn', async (slug) => {
    const response = await get(`/og/campagne/${slug}.png`, slug);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code: 'campaign_not_found', message: expect.any(String) } });
  });
});

describe('GET /og/default.png', () => {
  it.each([
    ['/og/default.png', 'it'],
    ['/en/og/default.png', 'en'],
  ] as const)('%s draws the site card in its language, kept by the CDN until the next deploy', async (path, locale) => {
    const response = await getDefaultOgImage(new Request(`http://localhost${path}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.headers.get('netlify-cdn-cache-control')).toBe('public, durable, max-age=31536000');
    const png = Buffer.from(await response.arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    // The two languages draw different words.
    const other = await getDefaultOgImage(new Request(`http://localhost${locale === 'it' ? '/en/og/default.png' : '/og/default.png'}`));
    expect(Buffer.from(await other.arrayBuffer()).equals(png)).toBe(false);
  });
});
