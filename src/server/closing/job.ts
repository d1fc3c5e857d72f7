/** The closing job as the scheduler runs it (Netlify every 15 minutes, `npm start` on a timer): run, then say what it did. */
import type { App } from '../app.ts';
import { closeCampaigns, type ClosingReport } from './service.ts';

export async function runClosingJob(app: App, log: (line: string) => void = console.log): Promise<ClosingReport> {
  const report = await closeCampaigns(app);
  for (const closed of report.closed) {
    log(
      `close-campaigns: ${closed.campaign} ${closed.outcome}: raised ${closed.raisedCents} cents, city granted ${closed.grantedCents}, ` +
        `released ${closed.releasedCents}, refunds owed ${closed.refundsOwed}`,
    );
  }
  const { issued, failedAttempts, notNeeded } = report.refunds;
  if (issued + failedAttempts + notNeeded > 0)
    log(`close-campaigns: refunds issued ${issued}, failed attempts ${failedAttempts}, not needed ${notNeeded}`);
  const { transfers, reversals } = report.payouts;
  if (transfers.issued + transfers.waiting + reversals.issued + reversals.waiting > 0) {
    log(
      `close-campaigns: transfers to payees issued ${transfers.issued}, waiting ${transfers.waiting}; reversals issued ${reversals.issued}, waiting ${reversals.waiting}`,
    );
  }
  if (report.closed.length > 0) log(`close-campaigns: build hook ${report.buildHook}`);
  return report;
}
