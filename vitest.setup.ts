/**
 * Property tests explore new random cases on every developer run, which is how they find bugs.
 * CI runs them from one fixed seed instead, so a landing is never decided by the draw; set
 * FAST_CHECK_SEED to replay any seed anywhere.
 */
import fc from 'fast-check';

const inContinuousIntegration =
  process.env.CI !== undefined && process.env.CI !== 'false' && process.env.CI !== '0';
const seedText = process.env.FAST_CHECK_SEED ?? (inContinuousIntegration ? '20261125' : undefined);
if (seedText !== undefined) fc.configureGlobal({ seed: Number(seedText) });
