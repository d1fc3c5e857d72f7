import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getOpenDataCampaigns } from '../src/server/http/routes.ts';

export default () => getOpenDataCampaigns(app());

export const config: Config = { path: '/open-data/campaigns.json', method: 'GET' };
