/**
 * The islands' state containers: a value, replaced (never mutated) by `set`, and listeners told after each
 * change. Plain code, no framework: models built on it run in unit tests without a browser, and it weighs
 * a few hundred bytes on the campaign page (signals would cost kilobytes of its 15 KB budget).
 */
export interface Store<S> {
  get(): S;
  set(patch: Partial<S>): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
