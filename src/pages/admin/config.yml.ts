// The editor's configuration, built from src/cms/config.ts: one source for the editor and the drift test.
import type { APIRoute } from 'astro';
import { stringify } from 'yaml';
import { siteCmsConfig } from '../../cms/site.ts';

// Under `npm run cms` (astro dev) the editor's "view live" links point to the dev server that serves it;
// a build points them to the site's address.
const origin = (site: URL | undefined, url: URL) => (import.meta.env.DEV ? url.origin : (site ?? new URL('http://localhost:8888')).origin);

export const GET: APIRoute = ({ site, url }) =>
  new Response(
    `# Generated from src/cms/config.ts at build time: edit that file, not this one.\n${stringify(siteCmsConfig(process.env, origin(site, url)), { lineWidth: 0 })}`,
    {
      headers: { 'Content-Type': 'text/yaml; charset=utf-8' },
    },
  );
