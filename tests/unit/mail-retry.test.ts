import { describe, expect, it } from 'vitest';
import { decideRetry, GIVE_UP_AFTER_MS, retryDelayMs } from '../../src/domain/mail-retry.ts';

const CREATED = new Date('2027-01-15T10:00:00Z');
const at = (ms: number) => new Date(CREATED.getTime() + ms);

describe('retryDelayMs', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [7, 1_920_000],
    [8, 3_600_000],
    [30, 3_600_000],
  ])('after attempt %i waits %i ms (doubling from 30 s, at most an hour)', (attempts, delay) => {
    expect(retryDelayMs(attempts)).toBe(delay);
  });
});

describe('decideRetry', () => {
  it.each([
    ['server unreachable, first attempt', { kind: 'unreachable' } as const, 1, at(0), { kind: 'retry', at: at(30_000) }],
    ['451 try again later', { kind: 'reply', code: 451 } as const, 2, at(60_000), { kind: 'retry', at: at(120_000) }],
    ['421 service not available', { kind: 'reply', code: 421 } as const, 3, at(0), { kind: 'retry', at: at(120_000) }],
    ['550 no such mailbox: permanent', { kind: 'reply', code: 550 } as const, 1, at(0), { kind: 'give_up', reason: 'permanent' }],
    ['554 rejected: permanent', { kind: 'reply', code: 554 } as const, 1, at(0), { kind: 'give_up', reason: 'permanent' }],
    [
      'unreachable, next try still inside 48 h',
      { kind: 'unreachable' } as const,
      40,
      at(GIVE_UP_AFTER_MS - 3_600_000),
      { kind: 'retry', at: at(GIVE_UP_AFTER_MS) },
    ],
    [
      'unreachable, next try would be past 48 h',
      { kind: 'unreachable' } as const,
      40,
      at(GIVE_UP_AFTER_MS - 3_599_999),
      { kind: 'give_up', reason: 'expired' },
    ],
  ])('%s', (_name, failure, attempts, now, decision) => {
    expect(decideRetry(failure, attempts, CREATED, now)).toEqual(decision);
  });
});
