import type { Config, Context } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { pledgeFormStep } from '../src/server/http/pledge-form.ts';

export default (request: Request, context: Context) => pledgeFormStep(app(), request, context.params['pledgeId'] ?? '');

export const config: Config = { path: '/donazione/conferma/:pledgeId', method: ['GET', 'POST'] };
