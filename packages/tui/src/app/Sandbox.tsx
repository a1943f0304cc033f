import type { SandboxView } from '@swarmsim/swarm-sim';
import { Box, useApp } from 'ink';
import { useMemo } from 'react';
import { EventsPane } from '../components/EventsPane.js';
import { FilterBar } from '../components/FilterBar.js';
import { Footer } from '../components/Footer.js';
import { GoalsPanel, goalLines } from '../components/GoalsPanel.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { MachinesPane } from '../components/MachinesPane.js';
import { Prompt } from '../components/Prompt.js';
import { RaftPane } from '../components/RaftPane.js';
import { ServicesPane } from '../components/ServicesPane.js';
import { StatusBar } from '../components/StatusBar.js';
import { Transcript } from '../components/Transcript.js';
import { type CommandRunner, useCommandRunner } from '../hooks/use-command-runner.js';
import { useSandboxKeys } from '../hooks/use-sandbox-keys.js';
import { type ShellStore, useShellState } from '../hooks/use-shell-state.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { SandboxController } from './controller.js';
import { computeLayout, type LayoutContent, type PanePlacement } from './layout.js';
import { focusablePanes, type ShellState } from './shell-state.js';

export interface Props {
  /** The world now. A new view re-renders the app; selections are kept by name. */
  readonly view: SandboxView;
  /** Where keys' actions and typed commands go. */
  readonly controller: SandboxController;
  /**
   * Called when the student quits, after `controller.quit`.
   * @default exits the ink app (`useApp().exit`)
   */
  readonly onQuit?: () => void;
}

/** What the layout needs to know about a view and the shell. */
export function layoutContent(view: SandboxView, state: ShellState): LayoutContent {
  return {
    machineCount: view.machines.length,
    raftMemberCount: view.raft.length,
    serviceCount: focusablePanes(view).includes('services') ? view.services.length : null,
    goalCount: view.goals === undefined ? null : goalLines(view.goals).length,
    eventsExpanded: state.focus === 'events' || state.mode === 'prompt',
  };
}

/** The prompt's host: the shell's machine, else the mode's name. */
export function shellHost(view: SandboxView): string {
  return view.status.shellMachine ?? (view.status.mode === 'lab' ? 'lab' : 'sandbox');
}

/**
 * The whole app: status bar, panes laid out for the terminal's size, and a footer that is the
 * key hints, the prompt (`:`) or the filter (`/`). Keys are looked up in the key table and
 * resolved against the view; what changes the world goes to `controller`.
 */
export function Sandbox({ view, controller, onQuit }: Props) {
  const size = useTerminalSize();
  const shell = useShellState(view);
  const { exit } = useApp();
  const host = shellHost(view);
  const runner = useCommandRunner(controller, host, shell.send);
  const { state } = shell;
  const quit = () => {
    controller.quit?.();
    (onQuit ?? exit)();
  };
  useSandboxKeys(view, shell, runner, quit);
  const layout = computeLayout(size, layoutContent(view, state));
  // One array per view, so the memoised services pane sees the same grid columns between views.
  const machineNames = useMemo(() => view.machines.map((machine) => machine.name), [view.machines]);
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <StatusBar status={view.status} width={layout.width} />
      {state.mode === 'help' ? (
        <HelpOverlay width={layout.width} height={layout.bodyHeight} />
      ) : (
        <Box flexDirection="row" height={layout.bodyHeight}>
          {layout.columns.map((column, index) => (
            <Box
              key={column.panes[0]?.id ?? index}
              flexDirection="column"
              width={column.width}
              marginLeft={index > 0 ? 1 : 0}
            >
              {column.panes.map((placement) => (
                <PaneFor
                  key={placement.id}
                  placement={placement}
                  width={column.width}
                  view={view}
                  machineNames={machineNames}
                  state={state}
                  host={host}
                />
              ))}
            </Box>
          ))}
        </Box>
      )}
      <Box width={layout.width} height={1}>
        <BottomLine
          state={state}
          host={host}
          width={layout.width}
          controller={controller}
          runner={runner}
          shell={shell}
        />
      </Box>
    </Box>
  );
}

interface BottomLineProps {
  readonly state: ShellState;
  readonly host: string;
  readonly width: number;
  readonly controller: SandboxController;
  readonly runner: CommandRunner;
  readonly shell: ShellStore;
}

/** The last row: the prompt while `:` is open, the filter while `/` is, else hints or a notice. */
function BottomLine({ state, host, width, controller, runner, shell }: BottomLineProps) {
  if (state.mode === 'prompt') {
    return (
      <Prompt
        host={host}
        width={width}
        history={state.history}
        completionCandidates={() => controller.completionCandidates()}
        onSubmit={runner.runLine}
        onCancel={() => shell.send({ type: 'promptClosed' })}
      />
    );
  }
  if (state.mode === 'filter') {
    return (
      <FilterBar
        initial={state.eventFilter}
        width={width}
        onChange={(text) => shell.send({ type: 'filterChanged', text })}
        onClose={(keep) => shell.send({ type: 'filterClosed', keep })}
      />
    );
  }
  return <Footer notice={state.notice} width={width} />;
}

interface PaneForProps {
  readonly placement: PanePlacement;
  readonly width: number;
  readonly view: SandboxView;
  /** The view's machine names, in order: the services grid's columns. */
  readonly machineNames: readonly string[];
  readonly state: ShellState;
  readonly host: string;
}

/** The pane a layout slot holds; the events slot shows the shell's transcript while the prompt is open. */
function PaneFor({ placement, width, view, machineNames, state, host }: PaneForProps) {
  const { height } = placement;
  switch (placement.id) {
    case 'machines':
      return (
        <MachinesPane
          machines={view.machines}
          width={width}
          height={height}
          focused={state.focus === 'machines'}
          selected={state.selectedMachine}
          marked={state.markedMachines}
          mode={view.status.mode}
        />
      );
    case 'raft':
      return (
        <RaftPane
          members={view.raft}
          leader={view.status.leader}
          width={width}
          height={height}
          focused={state.focus === 'raft'}
          selected={state.selectedRaftMember}
        />
      );
    case 'services':
      return (
        <ServicesPane
          services={view.services}
          machines={machineNames}
          width={width}
          height={height}
          focused={state.focus === 'services'}
          selected={state.selectedService}
        />
      );
    case 'goals':
      return <GoalsPanel goals={view.goals ?? []} width={width} height={height} />;
    case 'events':
      if (state.mode === 'prompt')
        return <Transcript lines={state.transcript} host={host} width={width} height={height} />;
      return (
        <EventsPane
          events={view.events}
          width={width}
          height={height}
          focused={state.focus === 'events'}
          filter={state.eventFilter}
          selectedId={state.selectedEventId}
        />
      );
  }
}
