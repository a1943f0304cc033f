export { formatDuration, parseDuration } from './units.js';
