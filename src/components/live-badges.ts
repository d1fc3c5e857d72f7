/**
 * Phase badges that stay true between builds, without a framework: each badge is built with the phase
 * at build time and carries its dates and words; in the browser this re-derives the phase from the
 * visitor's clock at once and every minute (src/components/live-state.ts decides).
 */
import { campaignPhase, infodayPhase, type CampaignDates, type InfodayDates } from './live-state.ts';

export function enhanceLiveBadges(doc: Document): void {
  const badges = [...doc.querySelectorAll<HTMLElement>('[data-live-dates]')].map((element) => ({
    element,
    kind: element.dataset['liveKind'],
    dates: JSON.parse(element.dataset['liveDates'] ?? '{}') as CampaignDates & InfodayDates,
    labels: JSON.parse(element.dataset['liveLabels'] ?? '{}') as Record<string, string>,
  }));
  if (badges.length === 0) return;
  const update = () => {
    const now = new Date();
    for (const { element, kind, dates, labels } of badges) {
      const phase = kind === 'infoday' ? infodayPhase(dates, now) : campaignPhase(dates, now);
      if (element.dataset['livePhase'] === phase) continue;
      element.dataset['phase'] = phase;
      element.dataset['livePhase'] = phase;
      element.textContent = labels[phase] ?? phase;
    }
  };
  update();
  setInterval(update, 60_000);
}
