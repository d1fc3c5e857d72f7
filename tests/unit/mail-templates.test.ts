import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/server/mail/templates/layout.ts';
import { renderMessage, type MessageData } from '../../src/server/mail/templates/messages.ts';
import { MAIL_SAMPLES, SITE, event } from '../support/mail-samples.ts';

const samples = MAIL_SAMPLES;

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
