/**
 * The controller's commands in `help` and in tab completion. Every key that changes the clock is
 * one of these commands (the key table's `prompt` column says which).
 */

import type { CommandSpec } from '../app/complete.js';

export const controllerHelp = [
  'Clock and session (the keys in brackets do the same):',
  '  clock                  where the clock stands: speed, virtual time, snapshots kept',
  '  clock pause | resume   stop or restart time                          [space]',
  '  clock speed N          N× real time, from 1/100 to 1000: 0.1, 1/10, 10  [+ -]',
  '  clock step             run exactly one event, then stay paused       [.]',
  '  clock back             step back to the previous snapshot            [←]',
  '  clock forward          step forward again, or run one event when live [→]',
  '                         acting in the past forks the timeline: the later snapshots go',
  '  save FILE              keep the whole session in FILE',
  '  load FILE              continue a saved session (a bad file changes nothing)',
  '',
].join('\n');

export const controllerCommandSpecs: readonly CommandSpec[] = [
  ...['pause', 'resume', 'speed', 'step', 'back', 'forward'].map(
    (word): CommandSpec => ({ words: ['clock', word], flags: [], argument: 'none' }),
  ),
  { words: ['save'], flags: [], argument: 'none' },
  { words: ['load'], flags: [], argument: 'none' },
  { words: ['help'], flags: [], argument: 'none' },
];
