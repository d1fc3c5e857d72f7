/**
 * What a page built at one moment should say at another: a campaign listed as open at build time may
 * have closed since, an infoday may have passed. Pure, so pages (at build) and islands (in the browser)
 * derive the same answer from the same dates.
 */
import { isOpenAt } from '../domain/campaign-state.ts';

export type CampaignPhase = 'upcoming' | 'open' | 'closed';
export type InfodayPhase = 'not-yet' | 'open' | 'closed' | 'past';

export interface CampaignDates {
  opensAt: Date | string;
  closesAt: Date | string;
  cancelled: boolean;
}

export interface InfodayDates {
  startsAt: Date | string;
  endsAt?: Date | string | undefined;
  registrationOpensAt?: Date | string | undefined;
  registrationClosesAt?: Date | string | undefined;
}

export function campaignPhase(dates: CampaignDates, now: Date): CampaignPhase {
  const schedule = { opensAt: new Date(dates.opensAt), closesAt: new Date(dates.closesAt), cancelled: dates.cancelled };
  if (!schedule.cancelled && now < schedule.opensAt) return 'upcoming';
  return isOpenAt(schedule, now) ? 'open' : 'closed';
}

export function infodayPhase(dates: InfodayDates, now: Date): InfodayPhase {
  const end = new Date(dates.endsAt ?? dates.startsAt);
  if (now >= end) return 'past';
  if (dates.registrationOpensAt && now < new Date(dates.registrationOpensAt)) return 'not-yet';
  if (dates.registrationClosesAt && now >= new Date(dates.registrationClosesAt)) return 'closed';
  if (!dates.registrationOpensAt || !dates.registrationClosesAt) return 'closed';
  return 'open';
}
