/**
 * Keeps a campaign's figures fresh: asks once at once, then every few seconds while the page is visible,
 * and at once when a donation on this page is counted. A failed refresh keeps the figures shown: they are
 * the last known, never a blank «loading». The browser's timers and events come in, so unit tests drive it.
 */
import type { Progress } from '../domain/progress.ts';
import { fetchProgress, PLEDGE_SUCCEEDED_EVENT } from './api.ts';

export interface RefreshDeps {
  fetchProgress(slug: string): Promise<Progress>;
  every(run: () => void, ms: number): () => void;
  visible(): boolean;
  /** Calls `run` whenever a donation made on this page is counted. */
  onPledgeSucceeded(run: () => void): () => void;
}

const browser: RefreshDeps = {
  fetchProgress,
  every: (run, ms) => {
    const timer = setInterval(run, ms);
    return () => clearInterval(timer);
  },
  visible: () => document.visibilityState === 'visible',
  onPledgeSucceeded: (run) => {
    window.addEventListener(PLEDGE_SUCCEEDED_EVENT, run);
    return () => window.removeEventListener(PLEDGE_SUCCEEDED_EVENT, run);
  },
};

/** Starts refreshing; the returned function stops. */
export function refreshProgress(
  slug: string,
  seconds: number,
  onProgress: (progress: Progress) => void,
  deps: RefreshDeps = browser,
): () => void {
  let alive = true;
  const load = () => {
    deps.fetchProgress(slug).then(
      (next) => alive && onProgress(next),
      () => undefined,
    );
  };
  load();
  const stopTimer = deps.every(() => deps.visible() && load(), seconds * 1000);
  const stopListening = deps.onPledgeSucceeded(load);
  return () => {
    alive = false;
    stopTimer();
    stopListening();
  };
}
