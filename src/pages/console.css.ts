/**
 * /console.css: the site's own stylesheet and fonts under a stable address, for the staff console's
 * pages, which functions render and which therefore cannot know the hashed names of the build's assets.
 */
import type { APIRoute } from 'astro';
import siteCss from '../styles/global.css?raw';
import regular from '@fontsource/titillium-web/files/titillium-web-latin-400-normal.woff2?url';
import semibold from '@fontsource/titillium-web/files/titillium-web-latin-600-normal.woff2?url';
import bold from '@fontsource/titillium-web/files/titillium-web-latin-700-normal.woff2?url';

const face = (weight: number, url: string) =>
  `@font-face { font-family: 'Titillium Web'; font-style: normal; font-display: swap; font-weight: ${weight}; src: url(${url}) format('woff2'); }`;

/** What only the console has: its header, navigation, tables and forms. */
const consoleCss = `
.console-header { background: var(--blue-darker); color: #fff; display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; padding: 0.5rem 1rem; }
.console-header a { color: #fff; }
.console-brand { font-weight: 700; }
.console-nav { background: var(--blue); }
.console-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0.5rem 1rem; }
.console-nav a { color: #fff; font-weight: 600; text-decoration: none; }
.console-nav a[aria-current='page'] { text-decoration: underline; }
.console-main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
.console-account { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; color: var(--muted); font-size: 0.95rem; }
.console-account form { display: inline; }
.console-table { overflow-x: auto; }
.console-table table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
.console-table caption { text-align: left; font-weight: 600; }
.console-table th, .console-table td { border-bottom: 1px solid var(--border); padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
.console-table form { margin: 0; }
.console-facts dt { font-weight: 600; }
.console-main input[type='email'], .console-main input[type='text'], .console-main input[type='search'], .console-main select { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid var(--muted); border-radius: 4px; min-width: min(24rem, 100%); }
.console-main button { font: inherit; font-weight: 600; background: var(--blue); color: #fff; border: 0; border-radius: 4px; padding: 0.4rem 0.9rem; cursor: pointer; }
.console-main fieldset { border: 1px solid var(--border); border-radius: 4px; }
.field-error { color: var(--red); font-weight: 600; }
`;

export const GET: APIRoute = () =>
  new Response([face(400, regular), face(600, semibold), face(700, bold), siteCss, consoleCss].join('\n'), {
    headers: { 'content-type': 'text/css; charset=utf-8' },
  });
