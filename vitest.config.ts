import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Tests import sibling packages from source, so `vitest run` needs no build first. */
export default defineConfig({
  resolve: {
    alias: {
      '@swarmsim/raft': source('./packages/raft/src/index.ts'),
      '@swarmsim/swarm-sim': source('./packages/swarm-sim/src/index.ts'),
    },
  },
  test: {
    projects: ['packages/*'],
  },
});
