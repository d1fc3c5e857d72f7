/**
 * The result page's model: reads the pledge Stripe sent the donor back with, and reads it again (with a
 * growing pause, result-model.ts) while the ledger has not counted it or the API does not answer.
 */
import { ApiFailure, fetchPledge, type PledgeView } from './api.ts';
import { nextPollDelayMs, type ResultView } from './result-model.ts';
import { createStore } from './store.ts';

export interface ResultDeps {
  fetchPledge(pledgeId: string): Promise<PledgeView>;
  setTimer(run: () => void, ms: number): () => void;
}

const browser: ResultDeps = {
  fetchPledge,
  setTimer: (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export function createResultModel(pledgeId: string | null, deps: ResultDeps = browser) {
  const store = createStore<{ view: ResultView; pledge: PledgeView | null }>({ view: { kind: 'checking' }, pledge: null });
  return {
    store,
    /** Reads the pledge until its status is settled; the returned function stops. */
    watch: (): (() => void) => {
      let alive = true;
      let attempt = 0;
      let cancel = () => {};
      const load = async () => {
        let next: ResultView;
        let pledge = store.get().pledge;
        if (!pledgeId) next = { kind: 'missing' };
        else {
          try {
            pledge = await deps.fetchPledge(pledgeId);
            next = { kind: 'status', status: pledge.status };
          } catch (error) {
            next = error instanceof ApiFailure && error.status === 404 ? { kind: 'missing' } : { kind: 'unreachable' };
          }
        }
        if (!alive) return;
        store.set({ view: next, pledge });
        const delay = nextPollDelayMs(next, attempt++);
        if (delay !== null) cancel = deps.setTimer(() => void load(), delay);
      };
      void load();
      return () => {
        alive = false;
        cancel();
      };
    },
  };
}
