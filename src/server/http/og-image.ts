/**
 * `GET /og/campagne/{slug}.png` and `/en/og/campagne/{slug}.png`: a campaign's Open Graph card, drawn on request;
 * `GET /og/default.png` and `/en/og/default.png`: the site's generic card, the same way (no build draws a card).
 */
import type { App } from '../app.ts';
import { cardVersion, catalogCampaignCard, defaultCard } from '../og/card.ts';
import { ogPng, pngResponse } from '../og/render.ts';
import { errorResponse, handle } from './respond.ts';

type Params = Partial<Record<string, string>>;

// The URL names the card's version: that URL always draws the same picture, so browsers and the CDN keep it
// for a year (`durable`: Netlify shares it between its edge nodes). A missing or older version (a page cached
// elsewhere before the content changed) still gets the current card, kept only briefly.
const IMMUTABLE = {
  'cache-control': 'public, max-age=31536000, immutable',
  'netlify-cdn-cache-control': 'public, durable, max-age=31536000, immutable',
};
// The generic card changes only with the site's own words, that is with a deploy: browsers keep it a day, Netlify's
// CDN until the next deploy (which empties it).
const UNTIL_NEXT_DEPLOY = {
  'cache-control': 'public, max-age=86400',
  'netlify-cdn-cache-control': 'public, durable, max-age=31536000',
};
const SHORT = { 'cache-control': 'public, max-age=300', 'netlify-cdn-cache-control': 'public, durable, max-age=300' };

export function getCampaignOgImage(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    const url = new URL(request.url);
    const locale = url.pathname.startsWith('/en/') ? 'en' : 'it';
    const card = catalogCampaignCard(app.catalog, params['slug'] ?? '', locale);
    if (!card) return errorResponse('campaign_not_found', 'No published campaign has this address.');
    const png = await ogPng(card);
    return pngResponse(png, url.searchParams.get('v') === cardVersion(card) ? IMMUTABLE : SHORT);
  });
}

export function getDefaultOgImage(request: Request): Promise<Response> {
  return handle(async () => {
    const locale = new URL(request.url).pathname.startsWith('/en/') ? 'en' : 'it';
    return pngResponse(await ogPng(defaultCard(locale)), UNTIL_NEXT_DEPLOY);
  });
}
