import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { runNightlyReconciliation } from '../src/server/reconciliation/service.ts';

export default async () => {
  await runNightlyReconciliation(app());
};

export const config: Config = { schedule: '@daily' };
