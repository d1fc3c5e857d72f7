/** Keeping a campaign's figures fresh: at once, on a timer only while visible, at once when a donation is counted, never blanked by a failure. */
import { describe, expect, it } from 'vitest';
import { refreshProgress, type RefreshDeps } from '../../src/components/progress-refresh.ts';
import type { Progress } from '../../src/domain/progress.ts';

const at = (raisedCents: number): Progress => ({
  slug: 'orti',
  state: 'open',
  currency: 'EUR',
  goalCents: 600_000,
  raisedCents,
  donors: 12,
  thresholdCents: 300_000,
  thresholdReached: false,
  cofunding: { status: 'none', cents: 0 },
  totalCents: raisedCents,
  percent: 20,
  daysLeft: 30,
  poolRemainingCents: 1_000_000,
  opensAt: '2027-01-01T00:00:00.000Z',
  closesAt: '2027-03-01T00:00:00.000Z',
  updatedAt: '2027-01-15T00:00:00.000Z',
});

function harness(answers: (Progress | Error)[]) {
  const shown: number[] = [];
  const state = { visible: true, asked: 0, tick: () => {}, counted: () => {}, intervalMs: 0, stopped: { timer: false, listener: false } };
  const deps: RefreshDeps = {
    fetchProgress: (slug) => {
      expect(slug).toBe('orti');
      const answer = answers[Math.min(state.asked++, answers.length - 1)]!;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    every: (run, ms) => {
      state.tick = run;
      state.intervalMs = ms;
      return () => {
        state.stopped.timer = true;
      };
    },
    visible: () => state.visible,
    onPledgeSucceeded: (run) => {
      state.counted = run;
      return () => {
        state.stopped.listener = true;
      };
    },
  };
  const stop = refreshProgress('orti', 20, (progress) => shown.push(progress.raisedCents), deps);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { state, shown, stop, settle };
}

describe('refreshProgress', () => {
  it('asks at once, then every 20 s while the page is visible, and not while it is hidden', async () => {
    const h = harness([at(100), at(200), at(300)]);
    await h.settle();
    expect(h.shown).toEqual([100]);
    expect(h.state.intervalMs).toBe(20_000);
    h.state.visible = false;
    h.state.tick();
    await h.settle();
    expect(h.state.asked).toBe(1);
    h.state.visible = true;
    h.state.tick();
    await h.settle();
    expect(h.shown).toEqual([100, 200]);
  });

  it('asks at once when a donation on the page is counted', async () => {
    const h = harness([at(100), at(2600)]);
    await h.settle();
    h.state.counted();
    await h.settle();
    expect(h.shown).toEqual([100, 2600]);
  });

  it('a failed refresh leaves the figures shown as they were', async () => {
    const h = harness([at(100), new Error('offline')]);
    await h.settle();
    h.state.tick();
    await h.settle();
    expect(h.state.asked).toBe(2);
    expect(h.shown).toEqual([100]);
  });

  it('stopping ends the timer and the listening, and ignores an answer on its way', async () => {
    const h = harness([at(100)]);
    h.stop();
    await h.settle();
    expect(h.shown).toEqual([]);
    expect(h.state.stopped).toEqual({ timer: true, listener: true });
  });
});
