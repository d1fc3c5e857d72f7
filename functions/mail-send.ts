import type { Config } from '@netlify/functions';
import { app } from '../src/server/app.ts';
import { runMailJob } from '../src/server/mail/job.ts';

// The outbox sender, every minute: delivers what is due, retries what waits, gives up after 48 hours.
export default async () => {
  await runMailJob(app());
};

export const config: Config = { schedule: '* * * * *' };
