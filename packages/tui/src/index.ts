export { usageText } from './usage.js';
