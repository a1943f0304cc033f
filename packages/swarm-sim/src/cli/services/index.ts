/**
 * The command-line face of services (docs/commands.md, "Services and stacks"): `docker service …`,
 * `docker stack …` and `docker ps` with Docker's outputs, and the sandbox's `curl`, `load` and
 * `container kill`. Importing this module registers the services model (services/index.ts) and
 * these commands in the shell's tables; run-line.ts imports it once.
 */
import '../../services/index.js';
import { registerDockerCommand } from '../docker-commands.js';
import { registerSandboxCommand } from '../sandbox-handlers.js';
import { runContainerList } from './container-ps.js';
import { serviceSandboxCommands } from './sandbox-tools.js';
import { runServiceInspect, runServiceList, runServiceLogs, runServicePs } from './service-read.js';
import {
  runServiceCreate,
  runServiceRemove,
  runServiceRollback,
  runServiceScale,
  runServiceUpdate,
} from './service-write.js';
import { runStackDeploy, runStackList, runStackPs, runStackRemove, runStackServices } from './stack.js';

registerDockerCommand('service create', runServiceCreate);
registerDockerCommand('service inspect', runServiceInspect);
registerDockerCommand('service logs', runServiceLogs);
registerDockerCommand('service ls', runServiceList);
registerDockerCommand('service ps', runServicePs);
registerDockerCommand('service rm', runServiceRemove);
registerDockerCommand('service rollback', runServiceRollback);
registerDockerCommand('service scale', runServiceScale);
registerDockerCommand('service update', runServiceUpdate);
registerDockerCommand('stack deploy', runStackDeploy);
registerDockerCommand('stack ls', runStackList);
registerDockerCommand('stack ps', runStackPs);
registerDockerCommand('stack rm', runStackRemove);
registerDockerCommand('stack services', runStackServices);
registerDockerCommand('ps', runContainerList);
for (const command of serviceSandboxCommands) registerSandboxCommand(command);

export { runContainerList } from './container-ps.js';
export {
  followServiceProgress,
  type ProgressMessage,
  type ProgressOutcome,
  progressBar,
  progressBoundMs,
  progressPatienceMs,
  renderProgress,
  renderProgressScreen,
  renderProgressStream,
} from './progress.js';
export {
  containerKillSpec,
  curlSpec,
  formatLoadReport,
  loadSpec,
  parseTarget,
  serviceSandboxCommands,
} from './sandbox-tools.js';
export { float32Text, serviceSpecToApi, serviceToApi } from './service-api.js';
export {
  formatContainerList,
  formatServiceList,
  formatTaskList,
  ingressPortsCell,
} from './service-format.js';
export { prettyService } from './service-pretty.js';
export { runServiceInspect, runServiceList, runServiceLogs, runServicePs } from './service-read.js';
export {
  runServiceCreate,
  runServiceRemove,
  runServiceRollback,
  runServiceScale,
  runServiceUpdate,
} from './service-write.js';
export { createSpecFromFlags, updateSpecFromFlags } from './spec-flags.js';
export { runStackDeploy, runStackList, runStackPs, runStackRemove, runStackServices } from './stack.js';
