import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { clampHeight, embedSnippet, embedUrl, isResizeMessage, parseAccent, textColourOn } from '../../src/components/embed-model.ts';
import { campaignPath, nextPollDelayMs, readReturnParams } from '../../src/components/result-model.ts';
import { describeProgress } from '../../src/components/progress-text.ts';

describe('parseAccent', () => {
  it.each([
    ['#0B5394', '#0b5394'],
    ['0b5394', '#0b5394'],
    ['#fff', '#fff'],
  ])('%j -> %j', (input, colour) => expect(parseAccent(input)).toBe(colour));
  it.each(['red', '#12345', 'url(x)', '#0b5394;background:red', '', null])('refuses %j', (input) => expect(parseAccent(input)).toBeNull());
});

describe('textColourOn', () => {
  it.each([
    ['#0b5394', '#fff'],
    ['#ffeb3b', '#000'],
    ['#000', '#fff'],
    ['#fff', '#000'],
  ])('on %s the text is %s', (accent, text) => expect(textColourOn(accent)).toBe(text));
});

describe('embed snippet', () => {
  const options = {
    origin: 'https://crowdfunding.example',
    slug: 'orti',
    widget: 'donate' as const,
    locale: 'en' as const,
    accent: '#AA3300',
    title: 'Give to "Orti" <b>',
  };
  it('points at the embed page with language and accent in the query', () =>
    expect(embedUrl(options)).toBe('https://crowdfunding.example/embed/orti/donate/?lang=en&accent=aa3300'));
  it('leaves the defaults out of the address', () =>
    expect(embedUrl({ ...options, widget: 'progress', locale: 'it', accent: null })).toBe(
      'https://crowdfunding.example/embed/orti/progress/',
    ));
  it('is an iframe that works alone plus the resizing script from the same origin, with attributes escaped', () => {
    const snippet = embedSnippet(options);
    expect(snippet).toContain('<iframe src="https://crowdfunding.example/embed/orti/donate/?lang=en&amp;accent=aa3300"');
    expect(snippet).toContain('title="Give to &quot;Orti&quot; &lt;b>"');
    expect(snippet).toContain('allow="payment"');
    expect(snippet).toContain('<script src="https://crowdfunding.example/embed/resize.js" async></script>');
  });
});

describe('resize messages', () => {
  it('accepts only our message shape', () => {
    expect(isResizeMessage({ type: 'civic-embed:resize', height: 320 })).toBe(true);
    for (const other of [
      null,
      'civic-embed:resize',
      { type: 'other', height: 1 },
      { type: 'civic-embed:resize', height: '9' },
      { type: 'civic-embed:resize', height: Infinity },
      { type: 'civic-embed:resize', height: -1 },
    ]) {
      expect(isResizeMessage(other)).toBe(false);
    }
  });
  it('never lets a page grow absurdly tall', () => expect(clampHeight(1e9)).toBe(4000));
});

describe('result page', () => {
  it('reads what Stripe appends to the return address', () =>
    expect(readReturnParams('?pledge=abc&campaign=orti&payment_intent=pi_1&redirect_status=succeeded')).toEqual({
      pledgeId: 'abc',
      campaign: 'orti',
      redirectStatus: 'succeeded',
    }));
  it('asks again while the pledge is pending, with growing pauses', () => {
    const pending = { kind: 'status', status: 'pending' } as const;
    expect([0, 1, 2, 10].map((attempt) => nextPollDelayMs(pending, attempt))).toEqual([2000, 4000, 8000, 30_000]);
  });
  it('stops asking once the ledger has an answer', () => {
    expect(nextPollDelayMs({ kind: 'status', status: 'succeeded' }, 0)).toBeNull();
    expect(nextPollDelayMs({ kind: 'missing' }, 0)).toBeNull();
  });
  it('links back only to a well-formed campaign slug', () => {
    expect(campaignPath('orti-2027')).toBe('/campagne/orti-2027/');
    expect(campaignPath('//evil.example')).toBeNull();
  });
});

describe('islands texts', () => {
  it('describe progress in English', () => {
    const text = describeProgress(
      {
        slug: 'orti',
        state: 'open',
        currency: 'EUR',
        goalCents: 600_000,
        raisedCents: 120_000,
        donors: 1,
        thresholdCents: 300_000,
        thresholdReached: false,
        cofunding: { status: 'none', cents: 0 },
        totalCents: 120_000,
        percent: 20,
        daysLeft: 30,
        poolRemainingCents: null,
        opensAt: '2027-01-01T00:00:00Z',
        closesAt: '2027-03-01T00:00:00Z',
        updatedAt: '2027-01-15T00:00:00Z',
      },
      300_000,
      'en',
    );
    expect(text).toEqual({
      raised: 'Raised by citizens: €1,200 from 1 donation.',
      threshold: 'Co-funding threshold: €3,000; €1,800 to go.',
      cofunding: 'When citizens reach the threshold, the City adds €3,000.',
      total: 'Total with the City: €1,200, 20% of the €6,000 goal.',
      time: '30 days left.',
    });
  });
});
