/** Watching a pledge until the webhook is counted: asked again with a growing pause, the page told once, stopped cleanly. */
import { describe, expect, it } from 'vitest';
import type { PledgeStatus } from '../../src/components/api.ts';
import { watchPledge } from '../../src/components/ledger-status.ts';

/** A clock the test turns by hand: each timer waits until `tick` runs it. */
function harness(answers: (PledgeStatus | Error)[]) {
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const seen: PledgeStatus[] = [];
  let succeeded = 0;
  let asked = 0;
  const stop = watchPledge('p1', (status) => seen.push(status), {
    fetchStatus: (pledgeId) => {
      expect(pledgeId).toBe('p1');
      const answer = answers[Math.min(asked++, answers.length - 1)]!;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
    succeeded: () => {
      succeeded++;
    },
  });
  const tick = async () => {
    timers.at(-1)!.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { timers, seen, tick, stop, succeeded: () => succeeded, asked: () => asked };
}

describe('watchPledge', () => {
  it('asks after a second, again with a growing pause while pending, and stops once the ledger counted it', async () => {
    const h = harness(['pending', 'pending', 'succeeded']);
    expect(h.timers.map((timer) => timer.ms)).toEqual([1000]);
    await h.tick();
    await h.tick();
    await h.tick();
    expect(h.seen).toEqual(['pending', 'pending', 'succeeded']);
    expect(h.timers.map((timer) => timer.ms)).toEqual([1000, 2000, 4000]);
    expect(h.succeeded()).toBe(1);
  });

  it('an unreachable API counts as still pending; the pause never exceeds 5 s and it gives up after 12 checks', async () => {
    const h = harness([new Error('offline')]);
    for (let i = 0; i < 13; i++) await h.tick();
    expect(h.asked()).toBe(13);
    expect(h.timers).toHaveLength(13);
    expect(Math.max(...h.timers.map((timer) => timer.ms))).toBe(5000);
    expect(h.seen.every((status) => status === 'pending')).toBe(true);
    expect(h.succeeded()).toBe(0);
  });

  it('a failed payment is shown and not asked again', async () => {
    const h = harness(['failed']);
    await h.tick();
    expect(h.seen).toEqual(['failed']);
    expect(h.timers).toHaveLength(1);
  });

  it('stopping cancels the next check and ignores an answer still on its way', async () => {
    const h = harness(['succeeded']);
    h.timers[0]!.run();
    h.stop();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(h.seen).toEqual([]);
    expect(h.succeeded()).toBe(0);
    expect(h.timers[0]!.cancelled).toBe(true);
  });
});
