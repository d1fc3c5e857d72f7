/**
 * A phase badge that stays true between builds: the page is built with the phase at build time, and in
 * the browser the badge re-derives it from the same dates and the visitor's clock.
 */
import { useEffect, useState } from 'preact/hooks';
import { campaignPhase, infodayPhase, type CampaignDates, type InfodayDates } from './live-state.ts';

type Props =
  | { kind: 'campaign'; dates: CampaignDates; builtAt: string; labels: Record<string, string> }
  | { kind: 'infoday'; dates: InfodayDates; builtAt: string; labels: Record<string, string> };

function phaseAt(props: Props, now: Date): string {
  return props.kind === 'campaign' ? campaignPhase(props.dates, now) : infodayPhase(props.dates, now);
}

export default function LiveState(props: Props) {
  const [now, setNow] = useState(() => new Date(props.builtAt));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const phase = phaseAt(props, now);
  return (
    <span class="badge" data-phase={phase} data-live-phase={phase}>
      {props.labels[phase] ?? phase}
    </span>
  );
}
