import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { postRegistration } from '../src/server/http/routes.ts';

export default (request: Request, context: Context) =>
  postRegistration(app(), request, context.params, context.ip, (work) => context.waitUntil(work));

export const config: Config = { path: ['/api/infodays/:slug/registrations', '/api/paths/:slug/registrations'], method: 'POST' };
