import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { runClosingJob } from '../src/server/closing/job.ts';

export default async () => {
  await runClosingJob(app());
};

export const config: Config = { schedule: '*/15 * * * *' };
