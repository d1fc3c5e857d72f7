import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getOpenDataCampaignsCsv } from '../src/server/http/routes.ts';

export default () => getOpenDataCampaignsCsv(app());

export const config: Config = { path: '/open-data/campaigns.csv', method: 'GET' };
