import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getCallPool } from '../src/server/http/routes.ts';

export default (_request: Request, context: Context) => getCallPool(app(), context.params);

export const config: Config = { path: '/api/calls/:id/pool', method: 'GET' };
