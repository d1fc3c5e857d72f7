// The editor's configuration, built from src/cms/config.ts: one source for the editor and the drift test.
import type { APIRoute } from 'astro';
import { stringify } from 'yaml';
import { siteCmsConfig } from '../../cms/site.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(`# Generated from src/cms/config.ts at build time: edit that file, not this one.\n${stringify(siteCmsConfig(process.env, (site ?? new URL('http://localhost:8888')).origin), { lineWidth: 0 })}`, {
    headers: { 'Content-Type': 'text/yaml; charset=utf-8' },
  });
