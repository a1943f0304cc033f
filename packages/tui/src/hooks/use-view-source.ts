import type { SandboxView } from '@swarmsim/swarm-sim';
import { useCallback, useSyncExternalStore } from 'react';
import type { ViewSource } from '../app/controller.js';

/** The latest view a `ViewSource` published; re-renders when it publishes another. */
export function useViewSource(source: ViewSource): SandboxView {
  // Bound here so a source written as a class works as well as a plain object.
  const subscribe = useCallback((listener: () => void) => source.subscribe(listener), [source]);
  const getView = useCallback(() => source.getView(), [source]);
  return useSyncExternalStore(subscribe, getView, getView);
}
