/** What the donor can keep: the donation's summary, printable on its own. Stripe e-mails the payment receipt. */
import type { PledgeStatus } from './api.ts';
import { eurosExact, texts, type Locale } from './i18n.ts';

export interface Summary {
  campaign: string;
  amountCents: number;
  pledgeId: string;
  /** Null for an anonymous donor; absent where the page does not know the donor (the result page). */
  donor?: string | null;
  taxCode: string | null;
  /** Where Stripe sends the receipt; unknown on the result page, which reads no personal data. */
  email: string | null;
  date: string;
}

export function DonationSummary({
  summary,
  status,
  demo,
  locale,
}: {
  summary: Summary;
  status: PledgeStatus;
  demo: boolean;
  locale: Locale;
}) {
  const t = texts(locale);
  const d = t.donate;
  const date = new Date(summary.date).toLocaleString(locale === 'en' ? 'en-GB' : 'it-IT', {
    timeZone: 'Europe/Rome',
    dateStyle: 'long',
    timeStyle: 'short',
  });
  return (
    <div class="donate__summary" data-testid="donation-summary">
      <h3>{d.summaryTitle}</h3>
      <dl>
        <dt>{d.summaryCampaign}</dt>
        <dd>{summary.campaign}</dd>
        <dt>{d.summaryAmount}</dt>
        <dd>{eurosExact(summary.amountCents, locale)}</dd>
        <dt>{d.summaryStatus}</dt>
        <dd>{t.result.statusNames[status]}</dd>
        <dt>{d.summaryDate}</dt>
        <dd>{date}</dd>
        {summary.donor !== undefined && (
          <>
            <dt>{d.summaryDonor}</dt>
            <dd>{summary.donor ?? d.summaryAnonymous}</dd>
          </>
        )}
        {summary.taxCode && (
          <>
            <dt>{d.summaryTaxCode}</dt>
            <dd>{summary.taxCode}</dd>
          </>
        )}
        <dt>{d.summaryReference}</dt>
        <dd>
          <code>{summary.pledgeId}</code>
        </dd>
      </dl>
      {demo ? <p>{d.receiptDemo}</p> : summary.email && <p>{d.receiptSent(summary.email)}</p>}
      {summary.taxCode && <p>{d.art83}</p>}
      <button type="button" class="button button--secondary donate__print" onClick={() => window.print()}>
        {d.print}
      </button>
    </div>
  );
}
