/** The result page's model: reads the pledge until the ledger settles it, says when it is missing or the API silent. */
import { describe, expect, it } from 'vitest';
import { ApiFailure, type PledgeView } from '../../src/components/api.ts';
import { createResultModel } from '../../src/components/result-store.ts';

const pledge = (status: PledgeView['status']): PledgeView => ({ pledgeId: 'p1', campaign: 'orti', amountCents: 2500, status });

function harness(pledgeId: string | null, answers: (PledgeView | ApiFailure)[]) {
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  let asked = 0;
  const model = createResultModel(pledgeId, {
    fetchPledge: () => {
      const answer = answers[Math.min(asked++, answers.length - 1)]!;
      return answer instanceof ApiFailure ? Promise.reject(answer) : Promise.resolve(answer);
    },
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const tick = async () => {
    timers.at(-1)!.run();
    await settle();
  };
  return { model, timers, tick, settle, asked: () => asked };
}

describe('the result page model', () => {
  it('says it is checking, then reads the pledge again while it is pending, and stops once it succeeded', async () => {
    const h = harness('p1', [pledge('pending'), pledge('pending'), pledge('succeeded')]);
    expect(h.model.store.get().view).toEqual({ kind: 'checking' });
    h.model.watch();
    await h.settle();
    expect(h.model.store.get()).toEqual({ view: { kind: 'status', status: 'pending' }, pledge: pledge('pending') });
    await h.tick();
    await h.tick();
    expect(h.model.store.get().view).toEqual({ kind: 'status', status: 'succeeded' });
    expect(h.timers.map((timer) => timer.ms)).toEqual([2000, 4000]);
    expect(h.asked()).toBe(3);
  });

  it('without a pledge in the address it asks nothing and says the pledge is missing', async () => {
    const h = harness(null, [pledge('succeeded')]);
    h.model.watch();
    await h.settle();
    expect(h.model.store.get().view).toEqual({ kind: 'missing' });
    expect(h.asked()).toBe(0);
  });

  it('an unknown pledge is missing; a silent API is tried again a few times, keeping the pledge last read', async () => {
    const unknown = harness('p1', [new ApiFailure(404, { code: 'not_found', message: 'not found' })]);
    unknown.model.watch();
    await unknown.settle();
    expect(unknown.model.store.get().view).toEqual({ kind: 'missing' });
    expect(unknown.timers).toHaveLength(0);

    const silent = harness('p1', [pledge('pending'), new ApiFailure(0, { code: 'network_error', message: 'network_error' })]);
    silent.model.watch();
    await silent.settle();
    for (let i = 0; i < 5; i++) await silent.tick();
    expect(silent.model.store.get()).toEqual({ view: { kind: 'unreachable' }, pledge: pledge('pending') });
    // One reading, then the first answer and four more silences each asked again; the fifth silence ends it.
    expect(silent.asked()).toBe(6);
    expect(silent.timers.map((timer) => timer.ms)).toEqual([2000, 6000, 9000, 12000, 15000]);
  });

  it('stopping cancels the next reading and ignores an answer on its way', async () => {
    const h = harness('p1', [pledge('pending')]);
    const stop = h.model.watch();
    await h.settle();
    h.timers[0]!.run();
    stop();
    await h.settle();
    expect(h.timers[0]!.cancelled).toBe(true);
    expect(h.timers).toHaveLength(1);
  });
});
