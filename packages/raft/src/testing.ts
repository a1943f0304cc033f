/**
 * Test helpers for hosts and for this package's own tests: an in-memory network, trace
 * rendering, and the interaction-test (golden trace) runner. Not part of the runtime API, so
 * kept out of index.ts.
 */
export * from './testing/describe.js';
export * from './testing/fixtures.js';
export { interactionHandlers } from './testing/handlers/index.js';
export * from './testing/interaction.js';
export * from './testing/network.js';
