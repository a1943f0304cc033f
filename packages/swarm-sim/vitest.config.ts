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
    name: 'swarm-sim',
    setupFiles: [source('../../vitest.setup.ts')],
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
  },
});
