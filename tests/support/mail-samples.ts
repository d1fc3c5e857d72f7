/**
 * One message of every kind, with the facts a real one would carry: the template tests check their parts, the
 * end-to-end test runs axe over their HTML. The campaign's title holds `<in>` so escaping is exercised too.
 */
import type { EventInfo, MessageData } from '../../src/server/mail/templates/messages.ts';

export const SITE = 'https://crowdfunding.example.org';
export const campaign = { title: 'Orti <in> città', url: `${SITE}/campagne/orti/` };
export const event: EventInfo = {
  kind: 'infoday',
  title: 'Webinar',
  startsAt: '2027-02-10T16:00:00.000Z',
  endsAt: null,
  mode: 'online',
  place: null,
  url: `${SITE}/infoday/webinar/`,
};
const TOKEN = 'A'.repeat(43);

export const MAIL_SAMPLES: MessageData[] = [
  {
    kind: 'donation_thanks',
    donorName: 'Ada',
    amountCents: 2500,
    campaign: {
      ...campaign,
      thresholdCents: 500_000,
      entitledCents: 500_000,
      closesAt: '2027-03-01T00:00:00.000Z',
      fundingModel: 'all-or-nothing',
    },
    receiptUrl: `${SITE}/ricevute/abc`,
  },
  {
    kind: 'registration_confirmed',
    name: 'Ada',
    event,
    manageUrl: `${SITE}/iscrizione/#${TOKEN}`,
    onlineLink: 'https://meet.example.org/x',
    calendarUrl: `${SITE}/infoday/webinar.ics`,
  },
  { kind: 'registration_waitlisted', name: 'Ada', event, position: 3, manageUrl: `${SITE}/iscrizione/#${TOKEN}` },
  {
    kind: 'registration_promoted',
    name: 'Ada',
    event,
    onlineLink: 'https://meet.example.org/x',
    recoverUrl: `${SITE}/iscrizione/#recupera`,
  },
  { kind: 'registration_cancelled', event },
  { kind: 'registration_links', links: [{ event, status: 'confirmed', manageUrl: `${SITE}/iscrizione/#${TOKEN}` }] },
  { kind: 'campaign_succeeded', campaign, raisedCents: 600_000, grantedCents: 500_000 },
  { kind: 'campaign_failed', campaign, raisedCents: 100_000, refundOnItsWay: true },
  { kind: 'refund_issued', campaign, amountCents: 2500 },
  {
    kind: 'campaign_update',
    campaign,
    update: { title: 'Lavori iniziati', summary: 'Le prime aiuole.', url: `${SITE}/notizie/lavori/` },
    unsubscribeUrl: `${SITE}/api/mail/unsubscribe?token=t`,
  },
  { kind: 'staff_sign_in', link: `${SITE}/gestione/accesso/#t`, expiresAt: '2027-01-15T10:15:00.000Z' },
  { kind: 'staff_invitation', link: `${SITE}/gestione/invito/#t`, expiresAt: '2027-01-17T10:00:00.000Z', invitedBy: 'Ada', role: 'admin' },
];
