/**
 * The controller: the one place that knows wall-clock time. `createSandboxController` runs a world
 * (through a `WorldDriver`: the lab, the swarm, a lesson, a scenario) in slices of real time ×
 * speed, keeps a ring of snapshots for time travel, and answers `clock`, `save` and `load`;
 * `launchSandbox` puts it on the screen and gives the terminal back however the app ends;
 * `prepareSandbox` chooses the world from the command line's options.
 */
export {
  type ControllerCommand,
  parseControllerLine,
  parseSpeed,
  speedMax,
  speedMin,
} from './clock-command.js';
export type { AdvanceResult, ClockSettings, LoadResult, WorldDriver } from './driver.js';
export { createLabSession, type LabSession, labDriver } from './lab-driver.js';
export {
  guardTerminal,
  type LaunchOptions,
  type LaunchProcess,
  launchSandbox,
  noTerminalMessage,
} from './launch.js';
export { labSpeedDefault, type OpenOptions, type PreparedSandbox, prepareSandbox } from './open.js';
export {
  type ControllerOptions,
  createSandboxController,
  type RunningSandbox,
  type SliceStats,
  type TimelineInfo,
} from './sandbox-controller.js';
export { type SessionFiles, systemSessionFiles } from './session-files.js';
export type { RecordedInput } from './session-replay.js';
export {
  createManualWallClock,
  type ManualWallClock,
  systemWallClock,
  type WallClock,
} from './wall-clock.js';
