export * from './check/index.js';
export * from './docker/index.js';
export * from './kernel/index.js';
export * from './lab/index.js';
export { formatDuration, parseDuration } from './units.js';
