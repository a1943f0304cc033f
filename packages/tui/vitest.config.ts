import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineProject({
  resolve: {
    alias: {
      '@swarmsim/raft': source('../raft/src/index.ts'),
      '@swarmsim/swarm-sim': source('../swarm-sim/src/index.ts'),
    },
  },
  test: {
    name: 'tui',
    // ink holds every frame back until exit when it believes it runs in CI (is-in-ci reads CI at
    // import). The app's tests render to fake terminals and read frames as they come, so they run
    // as on a developer's machine whatever the CI runner sets.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
    setupFiles: [source('../../vitest.setup.ts')],
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
  },
});
