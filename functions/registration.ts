import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { registrationApi } from '../src/server/http/routes.ts';

// The private link of a registration (its status, cancelling it), and asking for the links again.
export default (request: Request, context: Context) =>
  registrationApi(app(), request, context.params, context.ip, (work) => context.waitUntil(work));

export const config: Config = {
  path: ['/api/registrations/resend', '/api/registrations/:token', '/api/registrations/:token/cancel'],
  method: ['GET', 'POST'],
};
