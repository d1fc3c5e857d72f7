/**
 * Every co-funding the City granted or reserved, read live from /open-data/campaigns.json so the
 * transparency page stays true between builds. Built as a pointer to the open data files.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatMoney } from '../i18n/format.ts';
import { cofundingRows, type CampaignLabel, type OpenDataRow } from './cofunding-list.ts';
import type { Locale } from '../i18n/locale.ts';

interface Labels {
  caption: string;
  campaign: string;
  organisations: string;
  call: string;
  status: string;
  amount: string;
  granted: string;
  reserved: string;
  totalGranted: string;
  totalReserved: string;
  none: string;
  failed: string;
  loading: string;
}

interface Props {
  locale: Locale;
  campaigns: Record<string, CampaignLabel>;
  labels: Labels;
  fallback: string;
}

export default function CofundingList({ locale, campaigns, labels, fallback }: Props) {
  const [data, setData] = useState<OpenDataRow[] | 'loading' | 'failed' | null>(null);
  useEffect(() => {
    setData('loading');
    fetch('/open-data/campaigns.json', { headers: { accept: 'application/json' } })
      .then((response) =>
        response.ok ? (response.json() as Promise<{ campaigns: OpenDataRow[] }>) : Promise.reject(new Error(String(response.status))),
      )
      .then(
        (body) => setData(body.campaigns),
        () => setData('failed'),
      );
  }, []);
  const euros = (cents: number) => formatMoney(cents, locale);

  if (data === null) return <p>{fallback}</p>;
  if (data === 'loading') return <p aria-live="polite">{labels.loading}</p>;
  if (data === 'failed') return <p role="alert">{labels.failed}</p>;
  const { rows, grantedCents, reservedCents } = cofundingRows(data, campaigns);
  if (rows.length === 0) return <p aria-live="polite">{labels.none}</p>;
  return (
    <div aria-live="polite">
      <table>
        <caption>{labels.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.campaign}</th>
            <th scope="col">{labels.organisations}</th>
            <th scope="col">{labels.call}</th>
            <th scope="col">{labels.status}</th>
            <th scope="col" class="amount">
              {labels.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.slug} data-cofunding={row.slug}>
              <td>
                <a href={row.url}>{row.title}</a>
              </td>
              <td>{row.organisations}</td>
              <td>{row.call}</td>
              <td>{row.status === 'granted' ? labels.granted : labels.reserved}</td>
              <td class="amount">{euros(row.cents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              {labels.totalGranted}
            </th>
            <td class="amount">{euros(grantedCents)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4}>
              {labels.totalReserved}
            </th>
            <td class="amount">{euros(reservedCents)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
