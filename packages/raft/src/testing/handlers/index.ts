import type { CommandHandler } from '../interaction.js';
import { addNodes } from './add-nodes.js';
import { campaign } from './campaign.js';
import { compact } from './compact.js';
import { crash } from './crash.js';
import { cut } from './cut.js';
import { deliverMessages } from './deliver-msgs.js';
import { heal } from './heal.js';
import { isolate } from './isolate.js';
import { loadLog } from './load-log.js';
import { propose } from './propose.js';
import { proposeConfChange } from './propose-conf-change.js';
import { raftLog } from './raft-log.js';
import { raftState } from './raft-state.js';
import { raftStatus } from './raft-status.js';
import { restart } from './restart.js';
import { stabilize } from './stabilize.js';
import { tick } from './tick.js';
import { transferLeadershipHandler } from './transfer-leadership.js';

/** Every interaction-test command, by name. */
export const interactionHandlers: Readonly<Record<string, CommandHandler>> = {
  'add-nodes': addNodes,
  'load-log': loadLog,
  campaign,
  propose,
  'propose-conf-change': proposeConfChange,
  'transfer-leadership': transferLeadershipHandler,
  compact,
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
  'raft-status': raftStatus,
};
