import { describe, expect, it } from 'vitest';
import {
  can,
  canSeeCampaign,
  checkInvitation,
  decideSession,
  normaliseEmail,
  truncateAddress,
  type Capability,
  type Principal,
  type Role,
} from '../../src/domain/staff.ts';

const person = (grants: [Role, string | null][]): Principal => ({
  personId: 'p',
  email: 'p@example.org',
  name: 'P',
  grants: grants.map(([role, organisation]) => ({ role, organisation })),
});
const admin = person([['admin', null]]);
const auditor = person([['auditor', null]]);
const memberA = person([['org_member', 'org-a']]);
const memberAB = person([
  ['org_member', 'org-a'],
  ['org_member', 'org-b'],
]);

describe.each([
  ['admin', admin, ['x'], true],
  ['auditor', auditor, ['x'], true],
  ['member of a, campaign of a', memberA, ['org-a'], true],
  ['member of a, campaign of b', memberA, ['org-b'], false],
  ['member of a, network of b and a', memberA, ['org-b', 'org-a'], true],
  ['member of a and b, campaign of c', memberAB, ['org-c'], false],
  ['nobody', person([]), ['org-a'], false],
] as const)('canSeeCampaign: %s', (_name, who, organisations, expected) => {
  it(`is ${expected}`, () => expect(canSeeCampaign(who, organisations)).toBe(expected));
});

describe.each([
  ['read_city', [true, true, false]],
  ['manage_registrations', [true, false, false]],
  ['forget_donor', [true, false, false]],
  ['manage_people', [true, false, false]],
] as [Capability, boolean[]][])('can(%s)', (capability, expected) => {
  it('admin, auditor, organisation member', () => expect([admin, auditor, memberA].map((who) => can(who, capability))).toEqual(expected));
});

const t0 = new Date('2027-01-15T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe.each([
  ['fresh', { createdAt: t0, rotatedAt: t0, revokedAt: null }, t0, at(5), 'valid'],
  ['59 minutes after the last token', { createdAt: t0, rotatedAt: at(60), revokedAt: null }, t0, at(119), 'valid'],
  ['an hour after the last token', { createdAt: t0, rotatedAt: t0, revokedAt: null }, t0, at(60), 'rotate'],
  ['roles changed after the token', { createdAt: t0, rotatedAt: t0, revokedAt: null }, at(1), at(2), 'rotate'],
  ['8 hours after sign-in, recently rotated', { createdAt: t0, rotatedAt: at(470), revokedAt: null }, t0, at(480), 'expired'],
  ['revoked', { createdAt: t0, rotatedAt: t0, revokedAt: at(1) }, t0, at(2), 'expired'],
] as const)('decideSession: %s', (_name, session, rolesChangedAt, now, expected) => {
  it(`is ${expected}`, () => expect(decideSession(session, rolesChangedAt, now)).toBe(expected));
});

describe.each([
  ['203.0.113.77', '203.0.113.0/24'],
  ['::ffff:198.51.100.9', '198.51.100.0/24'],
  ['2001:db8:abcd:12:1::5', '2001:db8:abcd::/48'],
  ['2001:db8::1', '2001:db8:0::/48'],
  ['', 'unknown'],
])('truncateAddress(%s)', (address, expected) => {
  it(`keeps ${expected}`, () => expect(truncateAddress(address)).toBe(expected));
});

describe('normaliseEmail', () => {
  it.each([
    [' Ada@Example.ORG ', 'ada@example.org'],
    ['no-at-sign', null],
    ['a@b', null],
    ['a b@example.org', null],
  ])('%s', (input, expected) => expect(normaliseEmail(input)).toBe(expected));
});

describe('checkInvitation', () => {
  const known = new Set(['org-a', 'org-b']);
  it.each([
    [
      { email: 'x@example.org', name: 'X', role: 'org_member', organisations: ['org-b', 'org-a', 'org-a'] },
      { ok: true, value: { email: 'x@example.org', name: 'X', role: 'org_member', organisations: ['org-a', 'org-b'] } },
    ],
    [
      { email: 'x@example.org', name: 'X', role: 'org_member', organisations: [] },
      { ok: false, problem: 'organisations' },
    ],
    [
      { email: 'x@example.org', name: 'X', role: 'org_member', organisations: ['org-z'] },
      { ok: false, problem: 'organisations' },
    ],
    [
      { email: 'x@example.org', name: 'X', role: 'admin', organisations: ['org-a'] },
      { ok: false, problem: 'organisations' },
    ],
    [
      { email: 'x@example.org', name: 'X', role: 'root', organisations: [] },
      { ok: false, problem: 'role' },
    ],
    [
      { email: 'x@example.org', name: ' ', role: 'auditor', organisations: [] },
      { ok: false, problem: 'name' },
    ],
    [
      { email: 'nope', name: 'X', role: 'auditor', organisations: [] },
      { ok: false, problem: 'email' },
    ],
  ])('%j', (input, expected) => expect(checkInvitation(input, known)).toEqual(expected));
});
