export * from './prng.js';
export type * from './types.js';
