import { describe, expect, it } from 'vitest';
import { requireAdmin } from '../../src/server/admin/auth.ts';
import { parseForgetRequest } from '../../src/server/admin/donations.ts';
import { createApp } from '../../src/server/app.ts';
import { parsePeriod } from '../../src/server/reconciliation/service.ts';
import { testCatalog, testConfig } from '../support/app.ts';

const TOKEN = 'correct-horse-battery-staple';
const appWithToken = (adminToken: string | undefined) => createApp(testConfig({ adminToken }), testCatalog([], []));
const request = (authorization?: string) =>
  new Request('http://localhost/api/admin/reconciliation', authorization === undefined ? {} : { headers: { authorization } });
const codeOf = (run: () => void) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('requireAdmin', () => {
  it.each([
    { authorization: `Bearer ${TOKEN}`, code: 'accepted' },
    { authorization: `bearer ${TOKEN}`, code: 'accepted' },
    { authorization: undefined, code: 'unauthorized' },
    { authorization: TOKEN, code: 'unauthorized' },
    { authorization: `Basic ${TOKEN}`, code: 'unauthorized' },
    { authorization: `Bearer ${TOKEN.slice(0, -1)}`, code: 'unauthorized' },
    { authorization: `Bearer ${TOKEN}x`, code: 'unauthorized' },
    { authorization: 'Bearer ', code: 'unauthorized' },
  ])('$authorization -> $code', ({ authorization, code }) => {
    expect(codeOf(() => requireAdmin(appWithToken(TOKEN), request(authorization)))).toBe(code);
  });

  it('is disabled, whatever is sent, when no token is configured', () => {
    expect(codeOf(() => requireAdmin(appWithToken(undefined), request('Bearer ')))).toBe('admin_disabled');
  });
});

describe('parseForgetRequest', () => {
  const id = '0b7e5a4e-9a43-4c1c-8f1e-4a2b9c3d5e6f';
  it.each([
    { body: { email: ' ada@example.org ' }, result: { email: 'ada@example.org' } },
    { body: { pledgeId: id }, result: { pledgeId: id } },
  ])('accepts $body', ({ body, result }) => expect(parseForgetRequest(body)).toEqual(result));

  it.each([{}, null, { email: 'ada@example.org', pledgeId: id }, { email: 'no-at-sign' }, { pledgeId: 'not-a-uuid' }])(
    'refuses %j',
    (body) => {
      expect(codeOf(() => parseForgetRequest(body))).toBe('invalid_body');
    },
  );
});

describe('parsePeriod', () => {
  const now = new Date('2027-01-31T00:00:00Z');
  it.each([
    { from: null, to: null, expected: ['2026-12-31T00:00:00.000Z', '2027-01-31T00:00:00.000Z'], why: 'the last 31 days by default' },
    {
      from: '2027-01-01',
      to: '2027-01-15',
      expected: ['2027-01-01T00:00:00.000Z', '2027-01-15T00:00:00.000Z'],
      why: 'the period asked for',
    },
    {
      from: 'yesterday',
      to: null,
      expected: ['2026-12-31T00:00:00.000Z', '2027-01-31T00:00:00.000Z'],
      why: 'the default for an unreadable date',
    },
    {
      from: '2027-01-20',
      to: '2027-01-10',
      expected: ['2026-12-31T00:00:00.000Z', '2027-01-31T00:00:00.000Z'],
      why: 'the default for a reversed period',
    },
  ])('$why', ({ from, to, expected }) => {
    const period = parsePeriod(now, from, to);
    expect([period.from.toISOString(), period.to.toISOString()]).toEqual(expected);
  });
});
