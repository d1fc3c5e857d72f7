import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { adminApi } from '../src/server/http/routes.ts';

// One function for the admin endpoints: every function is bundled and started on its own, so fewer is faster.
export default (request: Request, context: Context) => adminApi(app(), request, context.params, context.ip);

export const config: Config = {
  path: [
    '/api/admin/reconciliation',
    '/api/admin/mail',
    '/api/admin/campaigns/:slug/updates',
    '/api/admin/campaigns/:slug/donations.csv',
    '/api/admin/donors/forget',
    '/api/admin/infodays/:slug/registrations.csv',
    '/api/admin/paths/:slug/registrations.csv',
    '/api/admin/organisations/:slug/stripe-account',
    '/api/admin/organisations/:slug/receipts.csv',
    '/api/admin/pledges/:pledgeId/receipt.pdf',
  ],
  method: ['GET', 'POST'],
};
