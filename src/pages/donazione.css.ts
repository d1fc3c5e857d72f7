/**
 * /donazione.css: the site's stylesheet, the islands' and the fonts under a stable address, for the pages
 * of a donation made without JavaScript, which a function renders (src/server/pledges/form-views.ts) and
 * which therefore cannot know the hashed names of the build's assets.
 */
import type { APIRoute } from 'astro';
import siteCss from '../styles/global.css?raw';
import widgetsCss from '../components/widgets.css?raw';
import regular from '@fontsource/titillium-web/files/titillium-web-latin-400-normal.woff2?url';
import semibold from '@fontsource/titillium-web/files/titillium-web-latin-600-normal.woff2?url';
import bold from '@fontsource/titillium-web/files/titillium-web-latin-700-normal.woff2?url';

const face = (weight: number, url: string) =>
  `@font-face { font-family: 'Titillium Web'; font-style: normal; font-display: swap; font-weight: ${weight}; src: url(${url}) format('woff2'); }`;

export const GET: APIRoute = () =>
  new Response([face(400, regular), face(600, semibold), face(700, bold), siteCss, widgetsCss].join('\n'), {
    headers: { 'content-type': 'text/css; charset=utf-8' },
  });
