import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { mailUnsubscribe } from '../src/server/http/routes.ts';

// The one-click unsubscribe of campaign news (link in each message, List-Unsubscribe-Post header).
export default (request: Request) => mailUnsubscribe(app(), request);

export const config: Config = { path: '/api/mail/unsubscribe', method: ['GET', 'POST'] };
