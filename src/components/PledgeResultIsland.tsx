/** The page Stripe sends the donor back to (3-D Secure, redirect-based methods): reads the pledge from the API. */
import { useEffect, useState } from 'preact/hooks';
import { DonationSummary } from './DonationSummary.tsx';
import { euros, texts, toLocale, type Locale } from './i18n.ts';
import { campaignPath, readReturnParams } from './result-model.ts';
import { createResultModel } from './result-store.ts';
import { useStore } from './use-store.ts';
import './widgets.css';

interface Props {
  /** Titles of the live campaigns by slug, for the summary. */
  titles: Record<string, string>;
  demo: boolean;
  locale?: Locale;
  /** Inside another site's iframe: links open a new window, since the site's own pages refuse to be framed. */
  embedded?: boolean;
}

export default function PledgeResultIsland({ titles, demo, locale: fixedLocale, embedded = false }: Props) {
  const [params] = useState(() => readReturnParams(window.location.search));
  const locale = fixedLocale ?? toLocale(new URLSearchParams(window.location.search).get('lang'));
  const t = texts(locale);
  const [model] = useState(() => createResultModel(params.pledgeId));
  const { view, pledge } = useStore(model.store);
  const [firstSeen] = useState(() => new Date().toISOString());

  useEffect(() => model.watch(), [model]);

  const back = campaignPath(pledge?.campaign ?? params.campaign);
  const amount = pledge ? euros(pledge.amountCents, locale) : '';
  const text =
    view.kind === 'checking'
      ? t.result.checking
      : view.kind === 'missing'
        ? t.result.missing
        : view.kind === 'unreachable'
          ? t.result.unreachable
          : view.status === 'succeeded'
            ? t.result.succeeded(amount)
            : view.status === 'pending'
              ? t.result.pending(amount)
              : view.status === 'failed'
                ? t.result.failed
                : t.result.canceled;
  return (
    <section class="result" lang={locale} data-status={view.kind === 'status' ? view.status : view.kind}>
      <p role="status" aria-live="polite">
        {text}
      </p>
      {pledge && view.kind === 'status' && (view.status === 'succeeded' || view.status === 'pending') && (
        <DonationSummary
          summary={{
            campaign: titles[pledge.campaign] ?? pledge.campaign,
            amountCents: pledge.amountCents,
            pledgeId: pledge.pledgeId,
            taxCode: null,
            email: null,
            date: firstSeen,
          }}
          status={view.status}
          demo={demo}
          locale={locale}
        />
      )}
      {back && (
        <p>
          <a href={back} {...(embedded && { target: '_blank', rel: 'noopener' })}>
            {t.result.backToCampaign}
          </a>
        </p>
      )}
    </section>
  );
}
