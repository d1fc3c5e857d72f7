import type { Config } from '@netlify/functions';
import { getDefaultOgImage } from '../src/server/http/og-image.ts';

export default (request: Request) => getDefaultOgImage(request);

// The site's generic card, drawn on request like the campaign cards (functions/og-image.ts), not by the build.
export const config: Config = { path: ['/og/default.png', '/en/og/default.png'], method: 'GET' };
