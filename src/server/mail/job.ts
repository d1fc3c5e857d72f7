/** The outbox sender as the scheduler runs it (Netlify every minute, `npm start` on a short timer): send, then say what it did. */
import type { App } from '../app.ts';
import { drainOutbox, type DrainReport } from './sender.ts';

export async function runMailJob(app: App, log: (line: string) => void = console.log): Promise<DrainReport> {
  // Inside the scheduled function's time limit (Netlify: 30 s), leaving room for the last batch.
  const report = await drainOutbox(app, { maxMs: 20_000 });
  if (report.sent + report.retried + report.failed > 0) {
    log(`mail-send: sent ${report.sent}, waiting to retry ${report.retried}, given up ${report.failed}`);
  }
  return report;
}
