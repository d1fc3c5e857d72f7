import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getPlaces } from '../src/server/http/routes.ts';

export default (request: Request, context: Context) => getPlaces(app(), request, context.params);

export const config: Config = { path: ['/api/infodays/:slug/places', '/api/paths/:slug/places'], method: 'GET' };
