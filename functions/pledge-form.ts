import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { postPledgeForm } from '../src/server/http/pledge-form.ts';

export default (request: Request, context: Context) => postPledgeForm(app(), request, context.ip);

export const config: Config = { path: '/donazione/modulo', method: 'POST' };
