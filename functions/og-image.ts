import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getCampaignOgImage } from '../src/server/http/og-image.ts';

export default (request: Request, context: Context) => getCampaignOgImage(app(), request, context.params);

// Campaign cards; the generic card is functions/og-default.ts.
export const config: Config = { path: ['/og/campagne/:slug.png', '/en/og/campagne/:slug.png'], method: 'GET' };
