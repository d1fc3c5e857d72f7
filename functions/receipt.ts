import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getDonorReceipt } from '../src/server/http/routes.ts';

export default (request: Request, context: Context) => getDonorReceipt(app(), request, context.params);

export const config: Config = { path: '/api/receipts/:file', method: 'GET' };
