/**
 * The demo story: the app on a fixed swarm with the fake controller, so the panes, keys and
 * prompt can be tried without a simulation. Run from the repository root:
 * `npx tsx --tsconfig packages/tui/tsconfig.json packages/tui/src/app/demo.tsx [lesson|partitioned|lab]`
 * (the tsconfig gives tsx the JSX setting), or `node packages/tui/dist/app/demo.js` after a build.
 */

import { pathToFileURL } from 'node:url';
import type { SandboxView } from '@swarmsim/swarm-sim';
import { createFakeController } from './fake-controller.js';
import { labView, lessonView, partitionedView, swarmView } from './fixtures.js';
import { renderSandbox } from './render-sandbox.js';

export const demoViews: Readonly<Record<string, SandboxView>> = {
  swarm: swarmView,
  lesson: lessonView,
  partitioned: partitionedView,
  lab: labView,
};

export async function runDemo(name = 'swarm'): Promise<void> {
  const view = demoViews[name] ?? swarmView;
  const controller = createFakeController(view);
  await renderSandbox({ source: controller, controller });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDemo(process.argv[2]);
}
