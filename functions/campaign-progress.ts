import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getCampaignProgress } from '../src/server/http/routes.ts';

export default (_request: Request, context: Context) => getCampaignProgress(app(), context.params);

export const config: Config = { path: '/api/campaigns/:slug/progress', method: 'GET' };
