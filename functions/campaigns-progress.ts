import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getProgressOfMany } from '../src/server/http/routes.ts';

export default (request: Request) => getProgressOfMany(app(), request);

export const config: Config = { path: '/api/progress', method: 'GET' };
