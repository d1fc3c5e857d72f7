import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getAdminDonationsCsv } from '../src/server/http/routes.ts';

export default (request: Request, context: Context) => getAdminDonationsCsv(app(), request, context.params);

export const config: Config = { path: '/api/admin/campaigns/:slug/donations.csv', method: 'GET' };
