import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { getAdminReconciliation } from '../src/server/http/routes.ts';

export default (request: Request) => getAdminReconciliation(app(), request);

export const config: Config = { path: '/api/admin/reconciliation', method: 'GET' };
