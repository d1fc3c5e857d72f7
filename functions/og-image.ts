import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getCampaignOgImage } from '../src/server/http/og-image.ts';

export default (request: Request, context: Context) => getCampaignOgImage(app(), request, context.params);

// Campaign cards only: the generic /og/default.png is a file of the build.
export const config: Config = { path: ['/og/campagne/:slug.png', '/en/og/campagne/:slug.png'], method: 'GET' };
