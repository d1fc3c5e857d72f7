import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { consoleApi } from '../src/server/console/routes.ts';
import { outboxMailer } from '../src/server/staff/mail.ts';

// The staff console: every page under /gestione/ and /en/manage/ (nothing in dist/ lives there).
export default (request: Request, context: Context) => consoleApi(app(), request, { mailer: outboxMailer, clientIp: context.ip });

export const config: Config = {
  path: ['/gestione', '/gestione/*', '/en/manage', '/en/manage/*'],
  method: ['GET', 'POST'],
};
