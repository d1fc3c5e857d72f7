import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { postStripeWebhook } from '../src/server/http/routes.ts';

export default (request: Request, context: Context) => postStripeWebhook(app(), request, (work) => context.waitUntil(work));

export const config: Config = { path: '/api/stripe/webhook', method: 'POST' };
