import { describe, expect, it } from 'vitest';
import * as en from '../../src/i18n/en.ts';
import * as itDictionary from '../../src/i18n/it.ts';
import { textsView } from '../../src/i18n/islands.ts';

/** Every key path of a dictionary, functions included, so a key missing in one language shows up by name. */
const keys = (value: object, prefix = ''): string[] =>
  Object.entries(value).flatMap(([key, inner]) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? keys(inner, `${prefix}${key}.`) : [`${prefix}${key}`],
  );

describe('one dictionary per language', () => {
  it('English has exactly the Italian keys', () => {
    expect(keys(en).sort()).toEqual(keys(itDictionary).sort());
  });

  it.each([
    ['it', itDictionary, '/privacy/'],
    ['en', en, '/en/privacy/'],
  ] as const)('the %s donate and registration forms link the privacy notice of their own language', (_locale, dictionary, href) => {
    expect(dictionary.donate.privacyHref).toBe(href);
    expect(dictionary.registration.form.privacyHref).toBe(href);
  });
});

describe('island texts', () => {
  it('give an island in the browser only what its entry provided, and name what is missing', () => {
    const browser = textsView('en', { progress: en.progress }, null);
    expect(browser.progress.label).toBe('Fundraising progress');
    expect(() => browser.donate).toThrow(/No "donate" words for "en"/);
  });

  it('fall back on the server to the whole dictionary of the language', () => {
    const server = textsView('en', {}, () => en);
    expect(server.donate.title).toBe('Give to this campaign');
  });
});
