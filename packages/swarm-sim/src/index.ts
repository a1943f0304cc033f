/**
 * The package's public surface. The kernel, the lab and the checkers are exported flat; the
 * building blocks whose names overlap (Docker's CLI kit, the scheduler, the file formats) are
 * exported as namespaces.
 */
export * from './campaign/index.js';
export * from './check/index.js';
export * from './cli/index.js';
export * as docker from './docker/index.js';
export * as files from './files/index.js';
export * from './kernel/index.js';
export * from './lab/index.js';
export * as scenario from './scenario/index.js';
export * as scheduler from './scheduler/index.js';
export * from './services/index.js';
export * as stack from './stack/index.js';
export * from './swarm/index.js';
export { formatDuration, parseDuration } from './units.js';
export type * from './view/types.js';
