/** Renders a component again whenever a store it reads changes (src/components/store.ts). */
import { useEffect, useState } from 'preact/hooks';
import type { Store } from './store.ts';

export function useStore<S>(store: Store<S>): S {
  const [, seen] = useState(store.get());
  useEffect(() => {
    // A change between the render and this subscription (an event replayed while hydrating) is not lost.
    seen(store.get());
    return store.subscribe(() => seen(store.get()));
  }, [store]);
  return store.get();
}
