import { usageText } from './usage.js';

process.stdout.write(usageText());
