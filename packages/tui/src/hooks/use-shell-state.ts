import type { SandboxView } from '@swarmsim/swarm-sim';
import { useCallback, useRef, useState } from 'react';
import { initialShellState, reduceShell, type ShellEvent, type ShellState } from '../app/shell-state.js';

export interface ShellStore {
  /** The state as last rendered. */
  readonly state: ShellState;
  /** The state now, including events sent since the last render. */
  current(): ShellState;
  send(event: ShellEvent): void;
}

/**
 * The app shell's state over `reduceShell`. The reducer runs at once against the newest view and
 * the newest state (kept in refs), so two keys arriving before React re-renders both count.
 */
export function useShellState(view: SandboxView, initial: ShellState = initialShellState): ShellStore {
  const viewRef = useRef(view);
  viewRef.current = view;
  const stateRef = useRef(initial);
  const [state, setState] = useState(initial);
  const send = useCallback((event: ShellEvent) => {
    stateRef.current = reduceShell(stateRef.current, event, viewRef.current);
    setState(stateRef.current);
  }, []);
  const current = useCallback(() => stateRef.current, []);
  return { state, current, send };
}
