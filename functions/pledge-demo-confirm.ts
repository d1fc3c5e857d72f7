import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { postDemoConfirm } from '../src/server/http/routes.ts';

export default (_request: Request, context: Context) => postDemoConfirm(app(), context.params, (work) => context.waitUntil(work));

export const config: Config = { path: '/api/pledges/:pledgeId/demo-confirm', method: 'POST' };
