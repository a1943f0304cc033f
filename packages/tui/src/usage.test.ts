import { describe, expect, it } from 'vitest';
import { usageText } from './usage.js';

describe('swarmsim usage', () => {
  it('starts with a Docker-style usage line', () => {
    expect(usageText().split('\n')[0]).toBe('Usage:  swarmsim [COMMAND] [OPTIONS]');
  });
});
