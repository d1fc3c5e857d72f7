import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getPledge } from '../src/server/http/routes.ts';

export default (_request: Request, context: Context) => getPledge(app(), context.params);

export const config: Config = { path: '/api/pledges/:pledgeId', method: 'GET' };
