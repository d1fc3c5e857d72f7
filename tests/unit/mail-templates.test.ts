import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/server/mail/templates/layout.ts';
import { renderMessage, type EventInfo, type MessageData } from '../../src/server/mail/templates/messages.ts';

const SITE = 'https://crowdfunding.example.org';
const campaign = { title: 'Orti <in> città', url: `${SITE}/campagne/orti/` };
const event: EventInfo = {
  kind: 'infoday',
  title: 'Webinar',
  startsAt: '2027-02-10T16:00:00.000Z',
  endsAt: null,
  mode: 'online',
  place: null,
  url: `${SITE}/infoday/webinar/`,
};
const TOKEN = 'A'.repeat(43);

const samples: MessageData[] = [
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

describe.each(samples.map((data) => [data.kind, data] as const))('%s', (_kind, data) => {
  it.each(['it', 'en'] as const)(
    'in %s: a subject, an HTML part in that language with the city named, a text part, no image, no script, every link absolute',
    (locale) => {
      const message = renderMessage(data, locale, SITE);
      expect(message.subject.length).toBeGreaterThan(5);
      expect(message.html).toContain(`<html lang="${locale}">`);
      expect(message.html).toContain(locale === 'it' ? 'Comune di Venezia' : 'City of Venice');
      expect(message.text).toContain(locale === 'it' ? 'Comune di Venezia' : 'City of Venice');
      expect(message.html).not.toMatch(/<img|<script|src=|url\(/i);
      const links = [...message.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!);
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link).toMatch(/^https:\/\//);
        expect(message.text).toContain(link.replaceAll('&amp;', '&'));
      }
    },
  );
});

describe('messages', () => {
  it('escape what comes from content, in the HTML part only', () => {
    const message = renderMessage(samples[6]!, 'it', SITE);
    expect(message.html).toContain('Orti &lt;in&gt; città');
    expect(message.html).not.toContain('Orti <in> città');
    expect(message.text).toContain('Orti <in> città');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('refuse to link anything but a web address', () => {
    expect(() => renderMessage({ kind: 'registration_cancelled', event: { ...event, url: 'javascript:alert(1)' } }, 'it', SITE)).toThrow(
      /not a web address/,
    );
  });

  it.each([
    ['all-or-nothing', true],
    ['keep-it-all', false],
  ] as const)('the thank-you of a %s campaign says a missed threshold means a refund: %s', (fundingModel, refund) => {
    const data = {
      ...samples[0]!,
      campaign: { ...(samples[0] as Extract<MessageData, { kind: 'donation_thanks' }>).campaign, fundingModel },
    } as MessageData;
    expect(renderMessage(data, 'en', SITE).text.includes('your donation is refunded in full')).toBe(refund);
  });

  it('the thank-you links the receipt only when there is one', () => {
    const withReceipt = renderMessage(samples[0]!, 'it', SITE);
    expect(withReceipt.html).toContain(`${SITE}/ricevute/abc`);
    const without = renderMessage({ ...(samples[0] as Extract<MessageData, { kind: 'donation_thanks' }>), receiptUrl: null }, 'it', SITE);
    expect(without.html).not.toContain('ricevut');
  });

  it.each([
    ['infoday', 'attached calendar file', false],
    ['path', 'The calendar of the sessions (.ics)', true],
  ] as const)('a confirmed %s points to its calendar: attached, or the public file of every session', (kind, words, linked) => {
    const message = renderMessage(
      { ...(samples[1] as Extract<MessageData, { kind: 'registration_confirmed' }>), event: { ...event, kind } },
      'en',
      SITE,
    );
    expect(message.text).toContain(words);
    expect(message.html.includes(`${SITE}/infoday/webinar.ics`)).toBe(linked);
  });

  it('the waiting-list message gives the place in line and no meeting link', () => {
    const message = renderMessage(samples[2]!, 'it', SITE);
    expect(message.text).toContain('sei al 3° posto della lista d’attesa');
    expect(message.text).not.toContain('meet.example.org');
  });

  it('dates are read in Venice: 16:00 UTC in February is 17:00', () => {
    expect(renderMessage(samples[1]!, 'it', SITE).text).toContain('mercoledì 10 febbraio 2027 alle ore 17:00');
    expect(renderMessage(samples[1]!, 'en', SITE).text).toContain('Wednesday, 10 February 2027 at 17:00');
  });
});
