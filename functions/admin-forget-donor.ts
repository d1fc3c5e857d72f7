import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { postAdminForgetDonor } from '../src/server/http/routes.ts';

export default (request: Request) => postAdminForgetDonor(app(), request);

export const config: Config = { path: '/api/admin/donors/forget', method: 'POST' };
