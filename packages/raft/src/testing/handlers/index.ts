import type { CommandHandler } from '../interaction.js';
import { addNodes } from './add-nodes.js';
import { campaign } from './campaign.js';
import { crash } from './crash.js';
import { cut } from './cut.js';
import { deliverMessages } from './deliver-msgs.js';
import { heal } from './heal.js';
import { isolate } from './isolate.js';
import { loadLog } from './load-log.js';
import { propose } from './propose.js';
import { raftLog } from './raft-log.js';
import { raftState } from './raft-state.js';
import { restart } from './restart.js';
import { stabilize } from './stabilize.js';
import { tick } from './tick.js';

/** Every interaction-test command, by name. */
export const interactionHandlers: Readonly<Record<string, CommandHandler>> = {
  'add-nodes': addNodes,
  'load-log': loadLog,
  campaign,
  propose,
  tick,
  stabilize,
  'deliver-msgs': deliverMessages,
  cut,
  isolate,
  heal,
  crash,
  restart,
  'raft-state': raftState,
  'raft-log': raftLog,
};
