import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getHealth } from '../src/server/http/routes.ts';

// For load balancers and process managers: 200 when the database answers and migrations are current.
export default () => getHealth(app());

export const config: Config = { path: '/api/health', method: 'GET' };
