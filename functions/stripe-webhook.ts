import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { postStripeWebhook } from '../src/server/http/routes.ts';

export default (request: Request) => postStripeWebhook(app(), request);

export const config: Config = { path: '/api/stripe/webhook', method: 'POST' };
