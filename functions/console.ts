import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { consoleApi } from '../src/server/console/routes.ts';
import { sendSoon } from '../src/server/mail/sender.ts';
import { outboxMailer } from '../src/server/staff/mail.ts';

// The staff console: every page under /gestione/ and /en/manage/ (nothing in dist/ lives there).
export default async (request: Request, context: Context) => {
  const response = await consoleApi(app(), request, { mailer: outboxMailer, clientIp: context.ip });
  // A sign-in link or an invitation may have been queued: deliver it now rather than at the next minute.
  if (request.method === 'POST') sendSoon(app(), (work) => context.waitUntil(work));
  return response;
};

export const config: Config = {
  path: ['/gestione', '/gestione/*', '/en/manage', '/en/manage/*'],
  method: ['GET', 'POST'],
};
