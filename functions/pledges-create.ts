import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { postPledge } from '../src/server/http/routes.ts';

export default (request: Request, context: Context) => postPledge(app(), request, context.ip);

export const config: Config = { path: '/api/pledges', method: 'POST' };
